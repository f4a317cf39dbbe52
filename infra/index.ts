/**
 * The package entry (`import { CallbriefPipeline } from 'callbrief'`): the construct for a
 * platform team's own stack, the ready-made stack, and the rule packs every synth should run.
 */

export type { PipelineConfig, PipelineConfigInput } from '../functions/shared/pipelineConfig';
export {
  DEFAULT_RECONCILE_SETTINGS,
  DEFAULT_STAGE_SETTINGS,
  type ReconcileSettings,
  type StageSettings,
} from './config';
export {
  CASE_SYSTEM_READABLE,
  CallbriefPipeline,
  type CallbriefPipelineProps,
} from './constructs/CallbriefPipeline';
export { WorkspaceApi, type WorkspaceApiProps } from './constructs/workspace/WorkspaceApi';
export type { WorkspaceAuth } from './constructs/workspace/workspaceAuth';
export { type DataRetentionDays, DEFAULT_RETENTION_DAYS } from './dataRetention';
export { acknowledge, nagArnOf, PACKS } from './sovereignty/acknowledge';
export { applyCallbriefChecks } from './sovereignty/applyChecks';
export { CallbriefStack, type CallbriefStackProps } from './stacks/CallbriefStack';
