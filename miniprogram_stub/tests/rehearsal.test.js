const test = require('node:test');
const assert = require('node:assert/strict');
const views = require('../utils/view_models');

const scene = (meeting) => ({ meeting: { name: '签约仪式', starts_at: '2026-12-01T02:00:00Z',
  ends_at: '2026-12-01T03:00:00Z', ...meeting }, participant: { name_masked: '张*', enterprise_name: '甲公司' } });

test('a rehearsal says so on the signing page; a real meeting (or an older server) does not', () => {
  assert.equal(views.meetingView(scene({ rehearsal: true })).rehearsal, true);
  assert.equal(views.meetingView(scene({ rehearsal: false })).rehearsal, false);
  assert.equal(views.meetingView(scene({})).rehearsal, false);
});
