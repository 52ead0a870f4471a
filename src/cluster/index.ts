// Runs on a Slurm cluster (Node only): plan a run as a job array of shards and a merge job, write
// its folder, submit it, follow it, resubmit failed tasks, and read its shards back.
export { planClusterRuns, planClusterSample, defaultCommand, type ClusterPlanOptions, type ClusterSampleOptions } from './plan.js';
export { prepareClusterRun, submitClusterRun, resubmit, checkTasks, type Resubmission } from './submit.js';
export { clusterStatus, type ClusterStatus, type TaskStatus, type MergeStatus } from './status.js';
export { readManifest, taskCount, shardFile, MANIFEST_FILE, type Manifest, type ShardedRun, type Submission } from './manifest.js';
export { arrayScript, mergeScript, ARRAY_SCRIPT, MERGE_SCRIPT } from './job-script.js';
export { Slurm, type SlurmOptions, type JobState } from './slurm.js';
export { mergeSources, missingBlocks, type AccumulatorSource, type MergeOptions } from './merge.js';
export { shardSampler } from './shard-sampler.js';
export type { SbatchOptions } from './sbatch-options.js';
