import { groupLoader, rowLoader } from '../../common/loader-helpers';
import type { RequestContext, ViewerContext } from '../../context';
import { meetingService } from './meeting.service';

export function createMeetingLoaders(ctx: RequestContext) {
  const viewerCtx = ctx as ViewerContext;
  return {
    visibleMeetingById: rowLoader((ids) => meetingService.findVisible(viewerCtx, ids), (m) => m.id),
    attendeesByMeetingId: groupLoader((ids) => meetingService.attendeesOf(ctx, ids), (a) => a.meetingId),
    discussedByMeetingId: groupLoader((ids) => meetingService.discussedIn(ctx, ids), (s) => s.meetingId),
    notesByMeetingId: groupLoader((ids) => meetingService.notesOf(ctx, ids), (n) => n.meetingId),
    decisionsByMeetingId: groupLoader((ids) => meetingService.decisionsOf(ctx, ids), (d) => d.meetingId),
    followUpsByMeetingId: groupLoader((ids) => meetingService.followUpsOf(ctx, ids), (t) => t.meetingId),
    meetingsByStudentId: groupLoader((ids) => meetingService.meetingsDiscussing(viewerCtx, ids), (m) => m.discussedStudentId),
  };
}
