/**
 * Her lifecycle started at the approval (workflows/handover.ts): by the workflow type's name, with
 * the id derived from the registration. Run again (a retry, a replayed task), it finds the same
 * workflow and leaves it as it is: one lifecycle per childminder, never a second one.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { ChildminderInput } from '../workflows/childminder.ts';
import type { ActivityDeps } from './index.ts';

export function handoverActivities({ temporal }: Pick<ActivityDeps, 'temporal'>) {
  return {
    async startLifecycle(start: { workflowId: string; taskQueue: string; input: ChildminderInput }) {
      try {
        await temporal.workflow.start('childminder', {
          workflowId: start.workflowId,
          taskQueue: start.taskQueue,
          args: [start.input],
          workflowIdConflictPolicy: 'USE_EXISTING',
          // Ended (she left the register): never started again.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    },
  };
}
