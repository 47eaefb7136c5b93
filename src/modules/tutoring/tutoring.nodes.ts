import { registerNodeFetcher } from '../node/node.resolver';
import { TutoringGroupType, TutoringPartnerTutorType, TutoringProgramType } from './tutoring-program.type';
import { TutoringAssignmentType, TutoringSessionType } from './tutoring-session.type';

// Programs by the program scope; their groups, partner tutors and sessions with them.
registerNodeFetcher('TutoringProgram', async (ctx, id) => {
  const program = await ctx.loaders.tutoring.visibleProgramById.load(id);
  return program ? TutoringProgramType.from(program) : null;
});

registerNodeFetcher('TutoringGroup', async (ctx, id) => {
  const group = await ctx.loaders.tutoring.groupById.load(id);
  return group && (await ctx.loaders.tutoring.visibleProgramById.load(group.programId)) ? TutoringGroupType.from(group) : null;
});

registerNodeFetcher('TutoringPartnerTutor', async (ctx, id) => {
  const tutor = await ctx.loaders.tutoring.partnerTutorById.load(id);
  return tutor && (await ctx.loaders.tutoring.visibleProgramById.load(tutor.programId)) ? TutoringPartnerTutorType.from(tutor) : null;
});

registerNodeFetcher('TutoringSession', async (ctx, id) => {
  const session = await ctx.loaders.tutoring.sessionById.load(id);
  const group = session && (await ctx.loaders.tutoring.groupById.load(session.groupId));
  return group && (await ctx.loaders.tutoring.visibleProgramById.load(group.programId)) ? TutoringSessionType.from(session) : null;
});

// Student-owned rows are visible exactly when their student is.
registerNodeFetcher('TutoringAssignment', async (ctx, id) => {
  const assignment = await ctx.loaders.tutoring.assignmentById.load(id);
  return assignment && (await ctx.loaders.students.visibleStudentById.load(assignment.studentId)) ? TutoringAssignmentType.from(assignment) : null;
});
