// schema/schema.graphql is printed from the code; it must not drift, and everything is described.

import { readFileSync } from 'node:fs';
import { isInputObjectType, isObjectType, isInterfaceType, isEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printPossibleTypes, printSchemaSorted } from '../../src/api/print-schema.js';
import { schema } from '../../src/api/schema.js';

describe('schema', () => {
  it('schema/schema.graphql matches the code (run `npm run schema:print` after changing the API)', () => {
    const checkedIn = readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
    expect(checkedIn).toBe(printSchemaSorted());
    const possibleTypes = readFileSync(new URL('../../schema/possible-types.json', import.meta.url), 'utf8');
    expect(possibleTypes).toBe(printPossibleTypes());
  });

  it('every type, field, argument and enum value has a description', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : [])
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
    expect(missing).toEqual([]);
  });
});
