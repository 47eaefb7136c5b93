import { IsDefined, IsOptional } from 'class-validator';
import { Arg, Authorized, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { StaffRole } from '../../common/auth/roles';
import { LocalDate } from '../../common/graphql/scalars';
import { MutationPayload, payloadOf } from '../../common/graphql/user-error';
import type { ViewerContext } from '../../context';
import { edFiInterventionsService, type EdFiInterventionsDocument } from './edfi-interventions.service';
import { studentRecordsService, type StudentRecordsDocument } from './student-records.service';

@InputType()
export class StudentRecordsExportInput {
  @Field(() => ID)
  @IsDefined()
  studentId: string;
}

@ObjectType('StudentRecordsExport', { description: "A student's full MTSS record as one JSON document, for a records request" })
export class StudentRecordsExportType {
  @Field({ description: 'When the export was made (ISO 8601)' })
  exportedAt: string;

  @Field({ description: 'The document, JSON (format tiered.student-records/1)' })
  json: string;

  static from(document: StudentRecordsDocument): StudentRecordsExportType {
    return Object.assign(new StudentRecordsExportType(), { exportedAt: document.exportedAt, json: JSON.stringify(document, null, 2) });
  }
}

@ObjectType()
class StudentRecordsExportPayload extends MutationPayload {
  @Field(() => StudentRecordsExportType, { nullable: true })
  studentRecords: StudentRecordsExportType | null;
}

@InputType()
export class InterventionsEdFiExportInput {
  @Field(() => ID, { nullable: true, description: 'One school; all schools when omitted' })
  @IsOptional()
  schoolId?: string;

  @Field(() => LocalDate, { nullable: true, description: 'Plans running on or after this date, sessions from it' })
  @IsOptional()
  from?: string;

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  to?: string;
}

@ObjectType('InterventionsEdFiExport', { description: 'Ed-Fi Intervention, StudentInterventionAssociation and StudentInterventionAttendanceEvent resources' })
export class InterventionsEdFiExportType {
  @Field(() => Int) interventionCount: number;
  @Field(() => Int) studentInterventionAssociationCount: number;
  @Field(() => Int) studentInterventionAttendanceEventCount: number;
  @Field(() => [String], { description: 'Values an Ed-Fi ODS would refuse as they stand' }) warnings: string[];

  @Field({ description: 'JSON: { interventions, studentInterventionAssociations, studentInterventionAttendanceEvents, warnings }' })
  json: string;

  static from(document: EdFiInterventionsDocument): InterventionsEdFiExportType {
    return Object.assign(new InterventionsEdFiExportType(), {
      interventionCount: document.interventions.length,
      studentInterventionAssociationCount: document.studentInterventionAssociations.length,
      studentInterventionAttendanceEventCount: document.studentInterventionAttendanceEvents.length,
      warnings: document.warnings,
      json: JSON.stringify(document),
    });
  }
}

@ObjectType()
class InterventionsEdFiExportPayload extends MutationPayload {
  @Field(() => InterventionsEdFiExportType, { nullable: true })
  interventionsEdFiExport: InterventionsEdFiExportType | null;
}

@Authorized([StaffRole.SCHOOL_ADMIN, StaffRole.DISTRICT_ADMIN])
@Resolver()
export class ExportResolver {
  @Authorized([StaffRole.SCHOOL_ADMIN, StaffRole.DISTRICT_ADMIN])
  @Mutation(() => StudentRecordsExportPayload, {
    description: "Exports a student's full MTSS record for a records request (district admins; school admins for students enrolled at their schools). Audited as a disclosure",
  })
  studentRecordsExport(@Ctx() ctx: ViewerContext, @Arg('input', () => StudentRecordsExportInput) input: StudentRecordsExportInput) {
    return payloadOf('studentRecords', StudentRecordsExportType.from, async () => ({ studentRecords: (await studentRecordsService.export(ctx, input.studentId)).document }));
  }

  @Authorized([StaffRole.DISTRICT_ADMIN])
  @Mutation(() => InterventionsEdFiExportPayload, { description: 'Interventions and intervention attendance shaped as Ed-Fi resources, for an Ed-Fi ODS. Audited' })
  interventionsEdFiExport(
    @Ctx() ctx: ViewerContext,
    @Arg('input', () => InterventionsEdFiExportInput, { nullable: true }) input?: InterventionsEdFiExportInput,
  ) {
    return payloadOf('interventionsEdFiExport', InterventionsEdFiExportType.from, async () => ({
      interventionsEdFiExport: (await edFiInterventionsService.export(ctx, input ?? {})).document,
    }));
  }
}

export const exportResolvers = [ExportResolver];
