// Money helpers live in contracts/ because the web app formats amounts with the same rules.
export { assertFen, formatWanYuan, formatYuan, parseYuan, splitByPercent, type Fen } from '../../../contracts/money.js';
