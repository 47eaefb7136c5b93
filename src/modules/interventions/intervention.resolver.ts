import { Arg, Authorized, Ctx, Field, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { StaffRole } from '../../common/auth/roles';
import { MutationPayload, payloadOf } from '../../common/graphql/user-error';
import { MtssDomain } from '../../common/mtss';
import type { ViewerContext } from '../../context';
import { registerNodeFetcher } from '../node/node.resolver';
import { interventionCatalogService } from './intervention-catalog.service';
import { InterventionCreateInput, InterventionRetireInput, InterventionUpdateInput } from './intervention.inputs';
import { InterventionType } from './intervention.type';

@ObjectType()
class InterventionPayload extends MutationPayload {
  @Field(() => InterventionType, { nullable: true })
  intervention: InterventionType | null;
}

registerNodeFetcher('Intervention', async (ctx, id) => {
  const intervention = await ctx.loaders.interventions.interventionById.load(id);
  return intervention && InterventionType.from(intervention);
});

@Authorized()
@Resolver(() => InterventionType)
export class InterventionResolver {
  @Query(() => [InterventionType], { description: "The district's intervention catalog, by name" })
  async interventions(
    @Ctx() ctx: ViewerContext,
    @Arg('domain', () => MtssDomain, { nullable: true }) domain?: MtssDomain,
    @Arg('tier', () => Int, { nullable: true, description: 'Interventions meant for this tier' }) tier?: number,
    @Arg('activeOnly', { defaultValue: true, description: 'False includes retired interventions' }) activeOnly?: boolean,
  ): Promise<InterventionType[]> {
    return (await interventionCatalogService.list(ctx, { domain, tier, activeOnly })).map(InterventionType.from);
  }

  @Authorized([StaffRole.DISTRICT_ADMIN])
  @Mutation(() => InterventionPayload, { description: 'Adds an intervention to the district catalog' })
  interventionCreate(@Ctx() ctx: ViewerContext, @Arg('input', () => InterventionCreateInput) input: InterventionCreateInput) {
    return payloadOf('intervention', InterventionType.from, () => interventionCatalogService.create(ctx, input));
  }

  @Authorized([StaffRole.DISTRICT_ADMIN])
  @Mutation(() => InterventionPayload, { description: 'Changes the fields given; CONFLICT if the intervention changed since it was read' })
  interventionUpdate(@Ctx() ctx: ViewerContext, @Arg('input', () => InterventionUpdateInput) input: InterventionUpdateInput) {
    return payloadOf('intervention', InterventionType.from, () => interventionCatalogService.update(ctx, input));
  }

  @Authorized([StaffRole.DISTRICT_ADMIN])
  @Mutation(() => InterventionPayload, { description: 'Retires an intervention: existing plans keep it, new plans cannot choose it' })
  interventionRetire(@Ctx() ctx: ViewerContext, @Arg('input', () => InterventionRetireInput) input: InterventionRetireInput) {
    return payloadOf('intervention', InterventionType.from, () => interventionCatalogService.retire(ctx, input));
  }
}
