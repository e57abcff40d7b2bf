/** Environment the handlers and Powertools read at import: quiet, no EMF on stdout, no X-Ray. No imports: safe to run first. */
export function quietLocalEnv(): void {
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  process.env.POWERTOOLS_SERVICE_NAME ??= 'ats-interview-bridge-bench';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.env.AWS_REGION ??= 'eu-central-1';
}
