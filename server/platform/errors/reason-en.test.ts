import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PROBLEMS } from './messages.js';

/**
 * Issue 14 §2: every problem reason in zh-CN and en. A detail that is the thrower's own words reads `{reason}` in
 * Chinese and `{reasonEn}` in English, so an AppError (or a sendProblem) that passes a `reason` must pass its
 * `reasonEn` beside it, or an English caller reads Chinese. The ProblemParams type asks for it at compile time;
 * this scan also catches a literal the type cannot see (a cast, an `any`).
 */
const SERVER = path.resolve('server');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

interface ReasonSite {
  where: string;
  hasReasonEn: boolean;
}

/** The params object of each `new AppError(code, params…)` and `sendProblem(request, reply, code, params…)` that names a `reason`. */
function reasonSites(fileName: string, text: string): ReasonSite[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const sites: ReasonSite[] = [];
  const keysOf = (o: ts.ObjectLiteralExpression) =>
    o.properties.flatMap((p) => (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? [p.name.text] : []);
  const check = (node: ts.Node, params: ts.Expression | undefined) => {
    if (!params || !ts.isObjectLiteralExpression(params)) return;
    const keys = keysOf(params);
    if (!keys.includes('reason')) return;
    const { line } = source.getLineAndCharacterOfPosition(node.getStart());
    sites.push({ where: `${path.relative(process.cwd(), fileName)}:${line + 1}`, hasReasonEn: keys.includes('reasonEn') });
  };
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'AppError') check(node, node.arguments?.[1]);
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'sendProblem') check(node, node.arguments[3]);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sites;
}

describe('every problem reason has its English twin', () => {
  it('finds a reason without reasonEn in a snippet (the scan itself works)', () => {
    const snippet = [
      "throw new AppError('invalid_state', { reason: '已撤回。' });",
      "throw new AppError('invalid_state', { reason, reasonEn }, undefined, { currentState: 'x' });",
      "throw new AppError('invalid_state', {\n  reason: `共 ${n} 项`,\n  reasonEn: `${n} items`,\n});",
      "throw new AppError('not_found', { entity: 'case' });",
      "return sendProblem(request, reply, 'bad_request', { reason: '格式不正确。' });",
    ].join('\n');
    expect(reasonSites('snippet.ts', snippet).map((s) => s.hasReasonEn)).toEqual([false, true, true, false]);
  });

  it('every AppError and sendProblem in server/ that passes a reason passes reasonEn', () => {
    const sites = sourceFiles(SERVER).flatMap((f) => reasonSites(f, fs.readFileSync(f, 'utf8')));
    // The scan sees the throw sites (about sixty today): an empty result would prove nothing.
    expect(sites.length).toBeGreaterThan(40);
    expect(sites.filter((s) => !s.hasReasonEn).map((s) => s.where)).toEqual([]);
  });

  it('no English template shows the Chinese reason: each {reason} in zh is {reasonEn} in en', () => {
    for (const [code, def] of Object.entries(PROBLEMS)) {
      const [zhTitle, zhDetail] = def.zh;
      const [enTitle, enDetail] = def.en;
      expect(`${enTitle} ${enDetail}`, code).not.toContain('{reason}');
      if (`${zhTitle} ${zhDetail}`.includes('{reason}')) expect(enDetail, code).toContain('{reasonEn}');
    }
  });
});
