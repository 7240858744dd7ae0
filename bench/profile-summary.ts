// Self time by function and by package of a .cpuprofile (from `node --cpu-prof`), largest first.
// Usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [rows]

import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
const [file, rows = '40'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfTime = new Map<number, number>();
profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfTime.values()].reduce((a, b) => a + b, 0);
const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
for (const [id, us] of selfTime) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const where = url.replace(/^file:\/\/.*?\/(node_modules\/)?/, '').replace(/^.*node_modules\//, '');
  const pkg = url.includes('node_modules/')
    ? url
        .split('node_modules/')
        .at(-1)!
        .split('/')
        .slice(0, url.includes('/@') ? 2 : 1)
        .join('/')
    : url.startsWith('node:') || !url
      ? url || `(${functionName || 'native'})`
      : url.includes('/src/')
        ? 'src/' + url.split('/src/')[1].split('/')[0]
        : url.split('/').slice(-2).join('/');
  byFunction.set(
    `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`,
    (byFunction.get(`${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`) ?? 0) + us,
  );
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
}
const show = (title: string, map: Map<string, number>, n: number) => {
  console.log(`\n${title}`);
  for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n))
    console.log(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${name}`);
};
show('by package', byPackage, 25);
show('by function', byFunction, Number(rows));
