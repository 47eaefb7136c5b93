import { type EntityManager, In } from 'typeorm';
import { UserErrorCode, UserInputError, type UserErrorShape } from '../../common/errors';
import { decodeCursor, pageSize, toConnection, type ConnectionShape } from '../../common/graphql/connection';
import { expectGlobalId, globalIdOrError } from '../../common/graphql/global-id';
import type { RequestContext, ViewerContext } from '../../context';
import { recordAudit, recordAudits } from '../audit/audit.service';
import { InterventionPlanEntity } from '../interventions/intervention-plan.entity';
import { SchoolEntity } from '../schools/school.entity';
import { StaffUserEntity } from '../staff/staff.entity';
import { findVisibleStudents } from '../students/student-access';
import { TierPlacementEntity } from '../tiers/tier.entities';
import { canWriteMeetingsAt, readsRestricted, scopeMeetings } from './meeting-access';
import {
  FollowUpTaskEntity,
  TeamMeetingAttendeeEntity,
  TeamMeetingDecisionEntity,
  TeamMeetingEntity,
  TeamMeetingNoteEntity,
  TeamMeetingStudentEntity,
} from './meeting.entities';
import type {
  FollowUpTaskCompleteInput,
  FollowUpTaskCreateInput,
  FollowUpTaskFilter,
  TeamDecisionRecordInput,
  TeamMeetingCreateInput,
  TeamMeetingFilter,
  TeamMeetingNoteAddInput,
  TeamMeetingNoteInput,
} from './meeting.inputs';

const invalid = (field: string[], message: string, code = UserErrorCode.INVALID): UserErrorShape => ({ code, field, message });

/** Decodes a list of global ids, collecting a userError per bad one. */
function decodeIds(ids: string[], typeName: string, field: string[], errors: UserErrorShape[]): string[] {
  return ids.map((gid, i) => globalIdOrError(gid, typeName, [...field, String(i)], errors) ?? '');
}

export class MeetingService {
  async list(ctx: ViewerContext, filter: TeamMeetingFilter | undefined, first?: number, after?: string): Promise<ConnectionShape<TeamMeetingEntity>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, 2);
    const base = () => {
      const qb = scopeMeetings(ctx.db.manager.createQueryBuilder(TeamMeetingEntity, 'm'), ctx);
      if (filter?.schoolId) qb.andWhere('m.school_id = :school', { school: expectGlobalId(filter.schoolId, 'School', 'filter.schoolId') });
      if (filter?.kind) qb.andWhere('m.kind = :kind', { kind: filter.kind });
      if (filter?.from) qb.andWhere('m.held_on >= :from', { from: filter.from });
      if (filter?.to) qb.andWhere('m.held_on <= :to', { to: filter.to });
      return qb;
    };
    const page = base();
    if (cursor) page.andWhere('(m.held_on, m.id) < (:ch, :ci)', { ch: cursor[0], ci: cursor[1] });
    const rows = await page.orderBy('m.held_on', 'DESC').addOrderBy('m.id', 'DESC').take(limit + 1).getMany();
    return toConnection(rows, limit, (m) => [m.heldOn, m.id], (m) => m, () => base().getCount());
  }

  findVisible(ctx: ViewerContext, ids: readonly string[]): Promise<TeamMeetingEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return scopeMeetings(ctx.db.manager.createQueryBuilder(TeamMeetingEntity, 'm').where('m.id IN (:...ids)', { ids }), ctx).getMany();
  }

  /**
   * Records a meeting with its attendees, the students discussed and its notes, in one
   * transaction. Every student must be one the recorder may see.
   */
  async create(ctx: ViewerContext, input: TeamMeetingCreateInput): Promise<{ teamMeeting: TeamMeetingEntity }> {
    const schoolId = expectGlobalId(input.schoolId, 'School', 'input.schoolId');
    const errors: UserErrorShape[] = [];
    if (!canWriteMeetingsAt(ctx.viewer, schoolId)) errors.push(invalid(['input', 'schoolId'], 'You can record meetings only at your own schools', UserErrorCode.FORBIDDEN));
    if (input.heldOn > ctx.today) errors.push(invalid(['input', 'heldOn'], 'The meeting date is in the future'));
    const studentIds = decodeIds(input.studentIds, 'Student', ['input', 'studentIds'], errors);
    const attendeeIds = input.attendees.map((a, i) => {
      if (!a.staffUserId && !a.name) errors.push(invalid(['input', 'attendees', String(i)], 'Give a staffUserId or a name'));
      if (!a.staffUserId) return null;
      return globalIdOrError(a.staffUserId, 'StaffUser', ['input', 'attendees', String(i), 'staffUserId'], errors);
    });
    if (new Set(studentIds).size !== studentIds.length) errors.push(invalid(['input', 'studentIds'], 'A student is listed twice', UserErrorCode.DUPLICATE));
    if (errors.length) throw new UserInputError(errors);

    return ctx.db.transaction(async (em) => {
      const school = await em.findOneBy(SchoolEntity, { id: schoolId });
      if (!school) throw UserInputError.of(UserErrorCode.NOT_FOUND, ['input', 'schoolId'], 'No such school');
      await this.assertVisibleStudents(ctx, em, studentIds, ['input', 'studentIds']);
      const staffIds = attendeeIds.filter((id): id is string => !!id);
      if (staffIds.length) {
        const found = new Set((await em.findBy(StaffUserEntity, { id: In(staffIds) })).map((u) => u.id));
        attendeeIds.forEach((id, i) => {
          if (id && !found.has(id)) errors.push(invalid(['input', 'attendees', String(i), 'staffUserId'], 'No such staff user', UserErrorCode.NOT_FOUND));
        });
        if (errors.length) throw new UserInputError(errors);
      }
      const meeting = em.create(TeamMeetingEntity, { schoolId, kind: input.kind, heldOn: input.heldOn, title: input.title ?? null, createdBy: ctx.viewer.userId });
      await em.save(TeamMeetingEntity, meeting);
      if (input.attendees.length) {
        await em.insert(TeamMeetingAttendeeEntity, input.attendees.map((a, i) => ({ meetingId: meeting.id, staffUserId: attendeeIds[i], name: a.name ?? null, roleLabel: a.roleLabel })));
      }
      if (studentIds.length) await em.insert(TeamMeetingStudentEntity, studentIds.map((studentId) => ({ meetingId: meeting.id, studentId })));
      await recordAudits(em, ctx, [
        { action: 'team_meeting.create', entityType: 'TeamMeeting', entityId: meeting.id, after: { ...meeting, attendees: input.attendees.length } },
        ...studentIds.map((studentId) => ({ action: 'team_meeting.discuss_student', entityType: 'TeamMeeting', entityId: meeting.id, studentId })),
      ]);
      for (const [i, note] of (input.notes ?? []).entries()) await this.insertNote(ctx, em, meeting, note, ['input', 'notes', String(i)]);
      return { teamMeeting: meeting };
    });
  }

  async addNote(ctx: ViewerContext, input: TeamMeetingNoteAddInput): Promise<{ teamMeetingNote: TeamMeetingNoteEntity }> {
    return ctx.db.transaction(async (em) => {
      const meeting = await this.writableMeeting(ctx, em, input.meetingId, ['input', 'meetingId']);
      return { teamMeetingNote: await this.insertNote(ctx, em, meeting, input, ['input']) };
    });
  }

  /**
   * Records a team decision about a student, linked to the placement or plan it made. The linked
   * record must be the same student's; the student joins the meeting's discussed list.
   */
  async recordDecision(ctx: ViewerContext, input: TeamDecisionRecordInput): Promise<{ teamDecision: TeamMeetingDecisionEntity }> {
    const studentId = expectGlobalId(input.studentId, 'Student', 'input.studentId');
    const placementId = input.tierPlacementId ? expectGlobalId(input.tierPlacementId, 'TierPlacement', 'input.tierPlacementId') : null;
    const planId = input.interventionPlanId ? expectGlobalId(input.interventionPlanId, 'InterventionPlan', 'input.interventionPlanId') : null;
    return ctx.db.transaction(async (em) => {
      const meeting = await this.writableMeeting(ctx, em, input.meetingId, ['input', 'meetingId']);
      await this.assertVisibleStudents(ctx, em, [studentId], ['input', 'studentId']);
      if (placementId) {
        const placement = await em.findOneBy(TierPlacementEntity, { id: placementId });
        if (!placement || placement.studentId !== studentId) {
          throw UserInputError.of(UserErrorCode.INVALID, ['input', 'tierPlacementId'], "Not one of this student's tier placements");
        }
        if (placement.teamMeetingId === null) await em.update(TierPlacementEntity, { id: placementId }, { teamMeetingId: meeting.id });
      }
      if (planId) {
        const plan = await em.findOneBy(InterventionPlanEntity, { id: planId });
        if (!plan || plan.studentId !== studentId) {
          throw UserInputError.of(UserErrorCode.INVALID, ['input', 'interventionPlanId'], "Not one of this student's intervention plans");
        }
      }
      await this.ensureDiscussed(em, meeting.id, studentId);
      const decision = em.create(TeamMeetingDecisionEntity, {
        meetingId: meeting.id,
        studentId,
        kind: input.kind,
        description: input.description,
        tierPlacementId: placementId,
        interventionPlanId: planId,
        recordedBy: ctx.viewer.userId,
      });
      await em.save(TeamMeetingDecisionEntity, decision);
      await recordAudit(em, ctx, { action: 'team_decision.create', entityType: 'TeamDecision', entityId: decision.id, studentId, after: decision });
      return { teamDecision: decision };
    });
  }

  async createFollowUp(ctx: ViewerContext, input: FollowUpTaskCreateInput): Promise<{ followUpTask: FollowUpTaskEntity }> {
    const ownerId = expectGlobalId(input.ownerId, 'StaffUser', 'input.ownerId');
    const studentId = input.studentId ? expectGlobalId(input.studentId, 'Student', 'input.studentId') : null;
    return ctx.db.transaction(async (em) => {
      const meeting = await this.writableMeeting(ctx, em, input.meetingId, ['input', 'meetingId']);
      if (input.dueDate < meeting.heldOn) throw UserInputError.of(UserErrorCode.INVALID, ['input', 'dueDate'], `The due date is before the meeting (${meeting.heldOn})`);
      const owner = await em.findOneBy(StaffUserEntity, { id: ownerId });
      if (!owner || !owner.active) throw UserInputError.of(UserErrorCode.NOT_FOUND, ['input', 'ownerId'], 'No such active staff user');
      if (studentId) {
        await this.assertVisibleStudents(ctx, em, [studentId], ['input', 'studentId']);
        await this.ensureDiscussed(em, meeting.id, studentId);
      }
      const task = em.create(FollowUpTaskEntity, {
        meetingId: meeting.id,
        studentId,
        ownerId,
        description: input.description,
        assignedOn: meeting.heldOn,
        dueDate: input.dueDate,
        restricted: input.restricted ?? false,
        completedOn: null,
      });
      await em.save(FollowUpTaskEntity, task);
      await recordAudit(em, ctx, { action: 'follow_up_task.create', entityType: 'FollowUpTask', entityId: task.id, studentId, after: task });
      return { followUpTask: task };
    });
  }

  /** The task's owner or the school's meeting writers complete a follow-up. */
  async completeFollowUp(ctx: ViewerContext, input: FollowUpTaskCompleteInput): Promise<{ followUpTask: FollowUpTaskEntity }> {
    const id = expectGlobalId(input.id, 'FollowUpTask', 'input.id');
    const completedOn = input.completedOn ?? ctx.today;
    return ctx.db.transaction(async (em) => {
      const task = await em.findOne(FollowUpTaskEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      const meeting = task ? (await this.findVisibleIn(ctx, em, [task.meetingId]))[0] : undefined;
      if (!task || !meeting || !(await this.taskVisible(ctx, em, task))) throw UserInputError.of(UserErrorCode.NOT_FOUND, ['input', 'id'], 'No such follow-up task');
      if (task.ownerId !== ctx.viewer.userId && !canWriteMeetingsAt(ctx.viewer, meeting.schoolId)) {
        throw UserInputError.of(UserErrorCode.FORBIDDEN, ['input', 'id'], "Only the task's owner or the school team can complete it");
      }
      if (task.version !== input.expectedVersion) {
        throw UserInputError.of(UserErrorCode.CONFLICT, ['input', 'expectedVersion'], `The task was changed by someone else (version ${task.version}); reload and try again`);
      }
      if (task.completedOn) throw UserInputError.of(UserErrorCode.INVALID, ['input', 'id'], `The task was completed on ${task.completedOn}`);
      if (completedOn < task.assignedOn || completedOn > ctx.today) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'completedOn'], `The completion date must be from ${task.assignedOn} to today`);
      }
      const before = { ...task };
      task.completedOn = completedOn;
      await em.save(FollowUpTaskEntity, task);
      await recordAudit(em, ctx, { action: 'follow_up_task.complete', entityType: 'FollowUpTask', entityId: id, studentId: task.studentId, before, after: task });
      return { followUpTask: task };
    });
  }

  async listFollowUps(ctx: ViewerContext, filter: FollowUpTaskFilter | undefined, first?: number, after?: string): Promise<ConnectionShape<FollowUpTaskEntity>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, 2);
    const base = () => {
      const qb = ctx.db.manager.createQueryBuilder(FollowUpTaskEntity, 't').innerJoin(TeamMeetingEntity, 'm', 'm.id = t.meeting_id');
      scopeMeetings(qb, ctx);
      this.scopeTasks(qb, ctx);
      if (filter?.mine) qb.andWhere('t.owner_id = :me', { me: ctx.viewer.userId });
      if (filter?.openOnly) qb.andWhere('t.completed_on IS NULL');
      if (filter?.schoolId) qb.andWhere('m.school_id = :school', { school: expectGlobalId(filter.schoolId, 'School', 'filter.schoolId') });
      return qb;
    };
    const page = base();
    if (cursor) page.andWhere('(t.due_date, t.id) > (:cd, :ci)', { cd: cursor[0], ci: cursor[1] });
    const rows = await page.orderBy('t.due_date', 'ASC').addOrderBy('t.id', 'ASC').take(limit + 1).getMany();
    return toConnection(rows, limit, (t) => [t.dueDate, t.id], (t) => t, () => base().getCount());
  }

  // Loader fetches: rows of meetings the caller already holds (and so may see).
  attendeesOf(ctx: RequestContext, meetingIds: readonly string[]) {
    return ctx.db.manager.findBy(TeamMeetingAttendeeEntity, { meetingId: In([...meetingIds]) });
  }

  discussedIn(ctx: RequestContext, meetingIds: readonly string[]) {
    return ctx.db.manager.findBy(TeamMeetingStudentEntity, { meetingId: In([...meetingIds]) });
  }

  notesOf(ctx: RequestContext, meetingIds: readonly string[]) {
    return ctx.db.manager.find(TeamMeetingNoteEntity, { where: { meetingId: In([...meetingIds]) }, order: { createdAt: 'ASC' } });
  }

  decisionsOf(ctx: RequestContext, meetingIds: readonly string[]) {
    return ctx.db.manager.find(TeamMeetingDecisionEntity, { where: { meetingId: In([...meetingIds]) }, order: { createdAt: 'ASC' } });
  }

  followUpsOf(ctx: RequestContext, meetingIds: readonly string[]) {
    return ctx.db.manager.find(FollowUpTaskEntity, { where: { meetingId: In([...meetingIds]) }, order: { dueDate: 'ASC' } });
  }

  /** Visible meetings that discussed each of these (visible) students, newest first. */
  async meetingsDiscussing(ctx: ViewerContext, studentIds: readonly string[]): Promise<(TeamMeetingEntity & { discussedStudentId: string })[]> {
    const qb = ctx.db.manager
      .createQueryBuilder(TeamMeetingEntity, 'm')
      .innerJoin(TeamMeetingStudentEntity, 's', 's.meeting_id = m.id')
      .addSelect('s.student_id', 'discussed_student_id')
      .where('s.student_id IN (:...studentIds)', { studentIds });
    scopeMeetings(qb, ctx);
    const { entities, raw } = await qb.orderBy('m.held_on', 'DESC').getRawAndEntities();
    return entities.map((m, i) => Object.assign(m, { discussedStudentId: raw[i].discussed_student_id as string }));
  }

  private scopeTasks<T extends object>(qb: import('typeorm').SelectQueryBuilder<T>, ctx: ViewerContext) {
    if (!readsRestricted(ctx.viewer)) qb.andWhere('(t.restricted = false OR t.owner_id = :taskViewer)', { taskViewer: ctx.viewer.userId });
    return qb;
  }

  private async taskVisible(ctx: ViewerContext, em: EntityManager, task: FollowUpTaskEntity): Promise<boolean> {
    if (task.restricted && !readsRestricted(ctx.viewer) && task.ownerId !== ctx.viewer.userId) return false;
    if (task.studentId && task.ownerId !== ctx.viewer.userId) return (await findVisibleStudents(ctx, [task.studentId], em)).length === 1;
    return true;
  }

  private findVisibleIn(ctx: ViewerContext, em: EntityManager, ids: string[]) {
    return scopeMeetings(em.createQueryBuilder(TeamMeetingEntity, 'm').where('m.id IN (:...ids)', { ids }), ctx).getMany();
  }

  private async writableMeeting(ctx: ViewerContext, em: EntityManager, globalId: string, field: string[]): Promise<TeamMeetingEntity> {
    const id = expectGlobalId(globalId, 'TeamMeeting', field.join('.'));
    const [meeting] = await this.findVisibleIn(ctx, em, [id]);
    if (!meeting) throw UserInputError.of(UserErrorCode.NOT_FOUND, field, 'No such meeting');
    if (!canWriteMeetingsAt(ctx.viewer, meeting.schoolId)) throw UserInputError.of(UserErrorCode.FORBIDDEN, field, 'You can record meetings only at your own schools');
    return meeting;
  }

  private async assertVisibleStudents(ctx: ViewerContext, em: EntityManager, ids: string[], field: string[]) {
    const visible = new Set((await findVisibleStudents(ctx, ids, em)).map((s) => s.id));
    const pathOf = (i: number) => (field.at(-1) === 'studentIds' ? [...field, String(i)] : field);
    const errors = ids.flatMap((id, i) => (visible.has(id) ? [] : [invalid(pathOf(i), 'No such student', UserErrorCode.NOT_FOUND)]));
    if (errors.length) throw new UserInputError(errors);
  }

  private async ensureDiscussed(em: EntityManager, meetingId: string, studentId: string) {
    await em.createQueryBuilder().insert().into(TeamMeetingStudentEntity).values({ meetingId, studentId }).orIgnore().execute();
  }

  private async insertNote(ctx: ViewerContext, em: EntityManager, meeting: TeamMeetingEntity, note: TeamMeetingNoteInput, field: string[]) {
    const studentId = note.studentId ? expectGlobalId(note.studentId, 'Student', [...field, 'studentId'].join('.')) : null;
    if (studentId) {
      await this.assertVisibleStudents(ctx, em, [studentId], [...field, 'studentId']);
      await this.ensureDiscussed(em, meeting.id, studentId);
    }
    const row = em.create(TeamMeetingNoteEntity, { meetingId: meeting.id, studentId, body: note.body, restricted: note.restricted ?? false, authorId: ctx.viewer.userId });
    await em.save(TeamMeetingNoteEntity, row);
    await recordAudit(em, ctx, { action: 'team_meeting_note.create', entityType: 'TeamMeetingNote', entityId: row.id, studentId, after: { restricted: row.restricted, meetingId: meeting.id } });
    return row;
  }
}

export const meetingService = new MeetingService();
