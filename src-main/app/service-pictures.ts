// The service's pictures and addresses: the flow graph, timeline, map, group-by and overview (each on its own
// cancellable connection), and an address's details and network lookup.
import type { AddressDetails, FwlensApi, Result } from '../shared/api.ts';
import type { FlowGraph, GeoSummary, GroupByResult, Overview, Timeline } from '../shared/visual.ts';
import { checkFlowRequest, flowGraph } from '../visual/flow-graph.ts';
import { checkTimelineRequest, timeline } from '../visual/timeline.ts';
import { checkGeoRequest, geoSummary } from '../visual/geo.ts';
import { checkGroupByRequest, groupBy } from '../visual/group-by.ts';
import { checkOverviewRequest, overview } from '../visual/overview.ts';
import { addressDetails, checkAddress } from './address-details.ts';
import { lookupAddress } from './address-lookup.ts';
import { onOwnConnection } from './own-connection.ts';
import { guard } from './result.ts';
import type { ServiceParts } from './service-parts.ts';
import * as v from './validate.ts';

export function picturesApi({ ctx }: ServiceParts) {
  return {
    addressDetails(address: unknown): Promise<Result<AddressDetails>> {
      return guard(async () => {
        const a = checkAddress(address);
        return ctx.side((r) => addressDetails(r, a));
      });
    },

    lookupAddress(address: unknown, opId: unknown = null): Promise<Result<AddressDetails>> {
      return guard(() => lookupAddress(ctx, checkAddress(address), opId === null || opId === undefined ? null : v.opId(opId)));
    },

    // Checked before a connection is opened, each on its own cancellable connection.
    flowGraph(req: unknown, opId: unknown = null): Promise<Result<FlowGraph>> {
      return guard(async () => { const r = checkFlowRequest(req); return onOwnConnection(ctx, opId, (c) => flowGraph(c, r)); });
    },

    timeline(req: unknown, opId: unknown = null): Promise<Result<Timeline>> {
      return guard(async () => { const r = checkTimelineRequest(req); return onOwnConnection(ctx, opId, (c) => timeline(c, r)); });
    },

    geoSummary(req: unknown, opId: unknown = null): Promise<Result<GeoSummary>> {
      return guard(async () => { const r = checkGeoRequest(req); return onOwnConnection(ctx, opId, (c) => geoSummary(c, r)); });
    },

    groupBy(req: unknown, opId: unknown = null): Promise<Result<GroupByResult>> {
      return guard(async () => { const r = checkGroupByRequest(req); return onOwnConnection(ctx, opId, (c) => groupBy(c, r)); });
    },

    overview(req: unknown, opId: unknown = null): Promise<Result<Overview>> {
      return guard(async () => { const r = checkOverviewRequest(req); return onOwnConnection(ctx, opId, (c) => overview(c, r)); });
    },
  } satisfies Partial<FwlensApi>;
}
