import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { groupLoader, perArguments, rowLoader } from '../../common/loader-helpers';
import type { RequestContext, ViewerContext } from '../../context';
import { SchoolYearEntity } from '../calendar/calendar.entity';
import { tutoringAssignmentService } from './tutoring-assignment.service';
import { tutoringChecksService, type TutoringProgramChecks } from './tutoring-checks.service';
import { tutoringDosageService } from './tutoring-dosage.service';
import { TutoringGroupEntity, TutoringPartnerTutorEntity, TutoringProgramEntity } from './tutoring-program.entity';
import { tutoringGroupService } from './tutoring-group.service';
import { tutoringProgramService } from './tutoring-program.service';
import { TutoringAssignmentEntity, TutoringSessionEntity } from './tutoring-session.entity';
import { tutoringSessionService } from './tutoring-session.service';

/**
 * Tutoring's DataLoaders, made per request. "Visible" loaders apply the viewer's scope; the others
 * are for rows reached through something the viewer may already see (a visible student's
 * assignment, a visible program's group).
 */
export function createTutoringLoaders(ctx: RequestContext) {
  const viewerCtx = ctx as ViewerContext;
  const em = () => ctx.db.manager;
  return {
    schoolYearById: rowLoader((ids) => em().findBy(SchoolYearEntity, { id: In([...ids]) }), (y) => y.id),
    programById: rowLoader((ids) => em().findBy(TutoringProgramEntity, { id: In([...ids]) }), (p) => p.id),
    visibleProgramById: rowLoader((ids) => tutoringProgramService.findVisible(viewerCtx, ids), (p) => p.id),
    schoolsByProgramId: groupLoader((ids) => tutoringProgramService.schoolsOf(viewerCtx, ids), (s) => s.programId),
    groupById: rowLoader((ids) => em().findBy(TutoringGroupEntity, { id: In([...ids]) }), (g) => g.id),
    groupsByProgramId: groupLoader((ids) => tutoringGroupService.groupsOf(viewerCtx, ids), (g) => g.programId),
    partnerTutorById: rowLoader((ids) => em().findBy(TutoringPartnerTutorEntity, { id: In([...ids]) }), (t) => t.id),
    partnerTutorsByProgramId: groupLoader((ids) => tutoringGroupService.partnerTutorsOf(viewerCtx, ids), (t) => t.programId),
    assignmentById: rowLoader((ids) => em().findBy(TutoringAssignmentEntity, { id: In([...ids]) }), (a) => a.id),
    /** Keyed by students already known to be visible. */
    assignmentsByStudentId: groupLoader((ids) => tutoringAssignmentService.ofStudents(viewerCtx, ids), (a) => a.studentId),
    visibleAssignmentsByGroupId: perArguments((activeOn) =>
      groupLoader((ids) => tutoringAssignmentService.visibleOfGroups(viewerCtx, ids, activeOn), (a) => a.groupId),
    ),
    sessionById: rowLoader((ids) => em().findBy(TutoringSessionEntity, { id: In([...ids]) }), (s) => s.id),
    sessionsByGroupId: perArguments((from, to) =>
      groupLoader((ids) => tutoringSessionService.ofGroups(viewerCtx, ids, from, to), (s) => s.groupId),
    ),
    visibleAttendanceBySessionId: groupLoader((ids) => tutoringSessionService.visibleAttendance(viewerCtx, ids), (a) => a.sessionId),
    /** Dosage per program, keyed by students already known to be visible. */
    dosageByStudentId: perArguments((from, to) =>
      groupLoader((ids) => tutoringDosageService.dosage(viewerCtx, em(), { studentIds: ids }, from!, to!), (d) => d.studentId),
    ),
    checksByProgramId: new DataLoader<string, TutoringProgramChecks>((ids) => tutoringChecksService.checks(viewerCtx, ids), { maxBatchSize: 200 }),
  };
}
