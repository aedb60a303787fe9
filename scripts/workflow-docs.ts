/**
 * Rewrites the mermaid block of docs/workflows/<type>.md from the case types' declarations, keeping the
 * prose around it. `npx tsx scripts/workflow-docs.ts`; a test fails when a file and its declaration disagree.
 */
import fs from 'node:fs';
import { mermaidOf, type CaseTypeDef } from '../server/platform/cases/define.js';
import { applicationCaseType } from '../server/modules/applications/application.case.js';
import { projectCaseType } from '../server/modules/projects/project.case.js';
import { concernCaseType } from '../server/modules/concerns/concern.case.js';
import type { PiiCipher } from '../server/platform/pii/cipher.js';

// The diagram reads only the declaration; effects (which would need the cipher) never run here.
const types: CaseTypeDef[] = [applicationCaseType(null as unknown as PiiCipher) as unknown as CaseTypeDef, projectCaseType() as unknown as CaseTypeDef, concernCaseType() as unknown as CaseTypeDef];
for (const def of types) {
  const file = `docs/workflows/${def.type}.md`;
  const text = fs.readFileSync(file, 'utf8');
  const next = text.replace(/```mermaid\n[\s\S]*?```/, '```mermaid\n' + mermaidOf(def) + '\n```');
  if (next !== text) {
    fs.writeFileSync(file, next);
    console.log(`updated ${file}`);
  }
}
