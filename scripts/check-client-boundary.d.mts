// Types of scripts/check-client-boundary.mjs for test/boundaries/boundaries.test.ts.
import type { IForbiddenRuleType, IModule, IRuleSummary, IViolation, ICruiseOptions } from "dependency-cruiser";

export const depcruiseConfig: { forbidden: IForbiddenRuleType[]; options: ICruiseOptions };
export const LINT_PATHS: string[];

export type Tree = { baseDir: string; modules: IModule[]; violations: (IViolation & { rule: IRuleSummary })[] };

export function cruiseTree(options?: { baseDir?: string; paths?: string[]; tsConfigFile?: string | null }): Promise<Tree>;

export function directives(source: string): string[];

export type ClientBoundaryViolation = { client: string; chain: string[] };

export function clientBoundaryViolations(tree: Pick<Tree, "baseDir" | "modules">): ClientBoundaryViolation[];
