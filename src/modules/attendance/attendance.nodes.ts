import { registerNodeFetcher } from '../node/node.resolver';
import { AttendanceActionType, AttendanceCaseType } from './attendance.types';

// Student-owned rows are visible exactly when their student is.
registerNodeFetcher('AttendanceCase', async (ctx, id) => {
  const row = await ctx.loaders.attendance.caseById.load(id);
  return row && (await ctx.loaders.students.visibleStudentById.load(row.studentId)) ? AttendanceCaseType.from(row) : null;
});

registerNodeFetcher('AttendanceAction', async (ctx, id) => {
  const row = await ctx.loaders.attendance.actionById.load(id);
  return row && (await ctx.loaders.students.visibleStudentById.load(row.studentId)) ? AttendanceActionType.from(row) : null;
});
