import { In } from 'typeorm';
import { groupLoader, rowLoader } from '../../common/loader-helpers';
import type { RequestContext, ViewerContext } from '../../context';
import { findVisibleStudents } from './student-access';
import { EnrollmentEntity } from './student.entity';

export function createStudentLoaders(ctx: RequestContext) {
  return {
    /** Scoped: a student the viewer may not see loads as null, exactly like a missing one. */
    visibleStudentById: rowLoader(async (ids) => {
      const students = await findVisibleStudents(ctx as ViewerContext, ids);
      for (const student of students) ctx.studentReads.add(student.id);
      return students;
    }, (s) => s.id),
    /** Enrollments of students already known to be visible, oldest first. */
    enrollmentsByStudentId: groupLoader(
      (ids) => ctx.db.manager.find(EnrollmentEntity, { where: { studentId: In([...ids]) }, order: { entryDate: 'ASC' } }),
      (e) => e.studentId,
    ),
  };
}
