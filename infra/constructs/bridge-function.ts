import { join } from 'node:path';
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { env } from '#shared/runtime-env';
import { BUNDLED_CONFIG_FILE, BUNDLED_CONFIG_PATH } from '../deployment-config.ts';

/**
 * Runtime for every function: the newest Node.js LTS this aws-cdk-lib knows
 * (cdk-nag AwsSolutions-L1 asks for the latest one of the family).
 */
export const BRIDGE_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** ESM bundles of the AWS SDK still `require()` Node built-ins; this gives them one. */
export const CREATE_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

export interface BridgeFunctionProps {
  /** Absolute path of the entry file (exports `handler`). */
  entry: string;
  /** Folder with package-lock.json and node_modules that the entry lives under. */
  projectRoot: string;
  description: string;
  /** Secret-free bridge config, copied into the bundle as bridge.config.json. */
  configFile: string;
  /** Variables this function reads besides BRIDGE_CONFIG and Powertools' (POWERTOOLS_LOG_LEVEL: LOG_LEVEL is its deprecated name). */
  environment: Record<string, string>;
  /** Powertools service name (logs, metrics dimension, traces). */
  serviceName: string;
  metricsNamespace: string;
  logLevel: string;
  logRetention: logs.RetentionDays;
  removalPolicy: RemovalPolicy;
  /** @default 512 */
  memorySize?: number;
  /** @default 10 seconds */
  timeout?: Duration;
}

/**
 * A NodejsFunction with the bridge's defaults: Node 24 on arm64, one minified ESM file
 * bundled locally by esbuild (no Docker), the AWS SDK bundled (`module` entry points,
 * tree-shaken), the config file next to the handler, its own log group with retention,
 * active X-Ray tracing, and a role that starts with nothing but its own log group.
 */
export class BridgeFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: BridgeFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });

    // Own role instead of AWSLambdaBasicExecutionRole: logs only to this group (cdk-nag IAM4).
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.serviceName}: ${props.description}`,
    });
    this.logGroup.grantWrite(this.role);

    const configFile = props.configFile;
    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: join(props.projectRoot, 'package-lock.json'),
      description: props.description,
      runtime: BRIDGE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        [env.configPath]: BUNDLED_CONFIG_PATH,
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace,
        POWERTOOLS_LOG_LEVEL: props.logLevel,
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        logLevel: LogLevel.WARNING,
        minify: true,
        // The .map file ships in the asset (to decode a stack trace by hand) but is never
        // loaded at run time: --enable-source-maps slows every error and cold start.
        sourceMap: true,
        sourceMapMode: SourceMapMode.EXTERNAL,
        sourcesContent: false,
        esbuildArgs: { '--tree-shaking': 'true' },
        mainFields: ['module', 'main'],
        banner: CREATE_REQUIRE_BANNER,
        bundleAwsSDK: true,
        forceDockerBundling: false,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          // chmod: Lambda runs the handler as a non-root user and the zip keeps file modes,
          // so a restrictive umask must not leave the config unreadable.
          afterBundling: (_inputDir: string, outputDir: string) => {
            const target = shellQuote(`${outputDir}/${BUNDLED_CONFIG_FILE}`);
            return [`cp ${shellQuote(configFile)} ${target}`, `chmod 644 ${target}`];
          },
        },
      },
    });

    // X-Ray's PutTraceSegments/PutTelemetryRecords have no resource-level permissions.
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions, so Lambda grants them on "*".',
    });
  }
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
