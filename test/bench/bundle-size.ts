import { buildBundles, contributors, importChain, overFloor, topFiles } from './support/bundles.ts';
import { round, type BenchFigure, type BenchOptions } from './support/figure.ts';

/**
 * Bundle size of each function (index.mjs as NodejsFunction builds it: ESM, minified,
 * tree-shaken, SDK bundled from its `module` entry points) against its floor: a bundle
 * of only the AWS SDK clients and commands that function sends, same options, same run.
 * Goal: ≤ 1.2× the floor. Details name the biggest contributors (esbuild metafile).
 * A second, informative figure per function: the floor plus only the Powertools Logger,
 * Metrics and Tracer and middy every function must carry, so the table shows how much of the
 * allowance those required libraries use before any bridge code.
 */
export async function run(options: BenchOptions): Promise<BenchFigure[]> {
  const pairs = await buildBundles(options);
  const kb = (bytes: number) => round(bytes / 1024, 1);
  const figures: BenchFigure[] = pairs.map(({ fn, bundle, floor }) => {
    return {
      figure: 'bundle size',
      subject: fn,
      value: kb(bundle.bytes),
      unit: 'KB',
      floor: { label: 'SDK-only bundle', value: kb(floor.bytes) },
      goal: { on: 'ratio', op: '<=', limit: 1.2 },
      details: {
        bytes: bundle.bytes,
        floorBytes: floor.bytes,
        gzipKB: kb(bundle.gzipBytes),
        floorGzipKB: kb(floor.gzipBytes),
        sourceMapKB: kb(bundle.mapBytes),
        topContributorsKB: contributors(bundle.metafile).slice(0, 15).map((c) => ({ name: c.name, kb: kb(c.bytes), files: c.files })),
        overFloorKB: overFloor(bundle, floor).slice(0, 15).map((c) => ({ name: c.name, kb: kb(c.bytes) })),
        // How the biggest extras get in (entry → … → the package): the import to cut.
        whyIncluded: Object.fromEntries(overFloor(bundle, floor).slice(0, 10).map((c) => [c.name, importChain(bundle.metafile, c.name)?.join(' → ')])),
        topFilesKB: topFiles(bundle.metafile, 10).map((f) => ({ path: f.path, kb: kb(f.bytes) })),
        floorContributorsKB: contributors(floor.metafile).slice(0, 8).map((c) => ({ name: c.name, kb: kb(c.bytes) })),
      },
    } satisfies BenchFigure;
  });
  for (const { fn, floor, standardsFloor } of pairs) {
    figures.push({
      figure: 'bundle size, floor + required Powertools',
      subject: fn,
      value: kb(standardsFloor.bytes),
      unit: 'KB',
      floor: { label: 'SDK-only bundle', value: kb(floor.bytes) },
      details: { overFloorKB: overFloor(standardsFloor, floor).slice(0, 10).map((c) => ({ name: c.name, kb: kb(c.bytes) })) },
      notes: ['informative: the SDK-only floor plus functions/commons/middleware.ts (Powertools Logger, Metrics, Tracer with the X-Ray SDK, middy), no bridge code'],
    });
  }
  return figures;
}
