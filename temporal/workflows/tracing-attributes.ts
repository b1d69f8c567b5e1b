// Workflow interceptors, bundled only with traces on (temporal/tracing.ts), after
// @temporalio/interceptors-opentelemetry's: they put the lead and run ids on the workflow's spans.
// Deterministic: attributes on the sandbox's spans produce no commands, and the spans leave through
// a sink that is not called on replay.
import { trace } from "@opentelemetry/api";
import {
  type ActivityInput,
  type LocalActivityInput,
  type Next,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptors,
  type WorkflowOutboundCallsInterceptor,
  workflowInfo,
} from "@temporalio/workflow";
import { leadIdOfWorkflowId } from "../../web/src/lib/temporal/contract";

// Literal keys: the workflow bundle may import nothing of web/src/lib but the contract (lib/tracing.ts's TRACE_ATTRIBUTES).
function tagActiveSpan(): void {
  const { workflowId, runId } = workflowInfo();
  const leadId = leadIdOfWorkflowId(workflowId);
  trace.getActiveSpan()?.setAttributes({ "leadsync.run_id": runId, ...(leadId === null ? {} : { "leadsync.lead_id": leadId }) });
}

class TagRun implements WorkflowInboundCallsInterceptor {
  execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, "execute">): Promise<unknown> {
    tagActiveSpan();
    return next(input);
  }
}

class TagActivityStart implements WorkflowOutboundCallsInterceptor {
  scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, "scheduleActivity">): Promise<unknown> {
    tagActiveSpan();
    return next(input);
  }
  // The sync's database steps (prepareSync, recordSuccess...) are local activities.
  scheduleLocalActivity(
    input: LocalActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, "scheduleLocalActivity">,
  ): Promise<unknown> {
    tagActiveSpan();
    return next(input);
  }
}

export const interceptors = (): WorkflowInterceptors => ({ inbound: [new TagRun()], outbound: [new TagActivityStart()] });
