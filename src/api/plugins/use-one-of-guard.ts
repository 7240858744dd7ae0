// graphql 16.11's ValuesOfCorrectTypeRule throws a TypeError (which yoga masks as "Unexpected
// error.") when a @oneOf input's one field holds a variable it has no definition for:
// `paper(by: { id: $nowhere })`, or a fragment placed before the operation that defines the
// variable. It reads the variable's definition without checking that there is one (the
// definitions it knows are those of the operation entered last). The fuzz test
// (test/security/fuzz.test.ts) found it once the lookups took @oneOf inputs.
//
// Where a document has that shape (a variable the current operation does not define, as the
// value of an input object's field; documents without "$" are not looked at), this plugin
// validates it with a guarded copy of the rule: for a @oneOf object holding such a variable the
// rule's object check is skipped, and NoUndefinedVariablesRule (which runs beside it) reports the
// variable when it is really undefined. Every other document is validated as before.

import {
  type ASTVisitor,
  Kind,
  getNamedType,
  isInputObjectType,
  specifiedRules,
  ValuesOfCorrectTypeRule,
  visit,
  type DocumentNode,
  type ObjectValueNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

export function useOneOfGuard(): Plugin {
  return {
    onValidate({ params, validateFn, setValidationFn }) {
      const document = params.documentAST;
      if (!needsGuard(document)) return;
      setValidationFn((schema, documentAST, rules, typeInfo, options) =>
        validateFn(schema, documentAST, guarded(rules ?? specifiedRules), typeInfo, options),
      );
    },
  };
}

/**
 * Whether a document needs the guarded rule, once per document: yoga's parse cache hands the
 * same document to every request with the same text, and walking it again on each was a
 * twentieth of a small request's time.
 */
const guardNeeded = new WeakMap<DocumentNode, boolean>();
function needsGuard(document: DocumentNode): boolean {
  let needed = guardNeeded.get(document);
  if (needed === undefined) guardNeeded.set(document, (needed = mayUseVariables(document) && undefinedVariableInObject(document)));
  return needed;
}

function mayUseVariables(document: DocumentNode): boolean {
  const body = document.loc?.source.body;
  return body === undefined || body.includes('$');
}

/** Whether a variable the current operation does not define is the value of an input object's field. */
export function undefinedVariableInObject(document: DocumentNode): boolean {
  let defined = new Set<string>();
  let found = false;
  visit(document, {
    OperationDefinition: {
      enter(node) {
        defined = new Set(node.variableDefinitions?.map((d) => d.variable.name.value));
      },
    },
    ObjectField(node) {
      if (node.value.kind === Kind.VARIABLE && !defined.has(node.value.name.value)) found = true;
    },
  });
  return found;
}

const guarded = (rules: readonly ValidationRule[]) =>
  rules.map((r) => (r === ValuesOfCorrectTypeRule ? GuardedValuesOfCorrectTypeRule : r));

/** ValuesOfCorrectTypeRule, but for @oneOf objects holding a variable it has no definition of. */
export function GuardedValuesOfCorrectTypeRule(context: ValidationContext): ASTVisitor {
  const inner = ValuesOfCorrectTypeRule(context) as Record<string, any>;
  let defined = new Set<string>();
  return {
    ...inner,
    OperationDefinition: {
      enter(...args: unknown[]) {
        defined = new Set();
        return inner.OperationDefinition?.enter?.(...args);
      },
    },
    VariableDefinition(node, ...rest: unknown[]) {
      defined.add(node.variable.name.value);
      return inner.VariableDefinition?.(node, ...rest);
    },
    ObjectValue(node: ObjectValueNode, ...rest: unknown[]) {
      const type = getNamedType(context.getInputType());
      const holdsUnknown = node.fields.some((f) => f.value.kind === Kind.VARIABLE && !defined.has(f.value.name.value));
      if (holdsUnknown && isInputObjectType(type) && type.isOneOf) return undefined;
      return inner.ObjectValue?.(node, ...rest);
    },
  } as ASTVisitor;
}
