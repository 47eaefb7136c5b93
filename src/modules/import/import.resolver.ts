import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { StaffRole } from '../../common/auth/roles';
import { UserErrorCode, UserInputError } from '../../common/errors';
import type { ViewerContext } from '../../context';
import { resolveImportPath } from './import-path';
import { importRunService } from './import-run.service';
import { ImportRunInput, ImportRunLogEntryType, ImportRunPayload, ImportRunType } from './import.types';

@Authorized([StaffRole.DISTRICT_ADMIN])
@Resolver()
export class ImportResolver {
  @Authorized([StaffRole.DISTRICT_ADMIN])
  @Query(() => [ImportRunLogEntryType], { description: 'The latest imports, newest first (at most 100)' })
  async importRuns(@Ctx() ctx: ViewerContext, @Arg('first', () => Int, { nullable: true }) first?: number): Promise<ImportRunLogEntryType[]> {
    return (await importRunService.latest(ctx, first ?? 20)).map(ImportRunLogEntryType.from);
  }

  @Authorized([StaffRole.DISTRICT_ADMIN])
  @Mutation(() => ImportRunPayload, {
    description: 'Imports a file from the server\'s import directory (IMPORT_DIR): a OneRoster export, screening results, attendance. Rejected rows are reported, not fatal; a malformed file is refused with nothing written',
  })
  async importRun(@Ctx() ctx: ViewerContext, @Arg('input', () => ImportRunInput) input: ImportRunInput): Promise<ImportRunPayload> {
    try {
      const target = resolveImportPath(input.path, ['input', 'path']);
      const result = await importRunService.run(ctx, input.kind, target);
      const importRun = ImportRunType.from(input.kind, result);
      const userErrors = result.status === 'REFUSED' ? [{ code: UserErrorCode.INVALID, field: ['input', 'path'], message: result.message ?? 'The file was refused' }] : [];
      return { importRun, userErrors };
    } catch (error) {
      if (error instanceof UserInputError) return { importRun: null, userErrors: error.errors };
      throw error;
    }
  }
}

export const importResolvers = [ImportResolver];
