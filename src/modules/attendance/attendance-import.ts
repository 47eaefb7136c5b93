import { registerAttendanceDayWriter } from '../import/attendance.import';
import { attendanceRecordingService } from './attendance-recording.service';

// Imported days go through the attendance module's recording rules: the same checks (instructional
// day, enrolled that day, scope), corrections history, month summaries and audit as the API.
registerAttendanceDayWriter({ write: (ctx, rows) => attendanceRecordingService.importDays(ctx, rows) });
