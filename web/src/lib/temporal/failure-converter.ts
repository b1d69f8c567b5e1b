// Failure converter for payload encryption: with `encodeCommonAttributes`, a failure's message
// and stack trace move into an encoded-attributes payload, which the payload codec then encrypts
// (an Attio `uniqueness_conflict` message quotes the email, for one). Temporal keeps only
// "Encoded failure" in plain text. Loaded by path in the workflow sandbox (failureConverterPath),
// so it imports nothing but @temporalio/common.
import { DefaultFailureConverter } from "@temporalio/common";

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
