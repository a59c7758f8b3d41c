export { CHECKS } from './checks/index.js';
export { foldJournal, holds, judge, unknownExpectations, type Verdict } from './judge.js';
export { RunModel } from './model.js';
export type { CheckDefinition, CheckResult, CheckVerdict } from './types.js';
