// Keyboard review on /review: j/k move, Enter opens the call, h/c/u store a verdict and select the next call.
// The page works without this script (links, and forms that post to the call page's verdict endpoint); the script
// posts the same forms with fetch so the reviewer stays in the queue. Its CSP allows this one file and same-origin
// requests; the cookie authorises the post only because it comes from this origin (BearerAuthFilter).
(function () {
  'use strict';
  var table = document.getElementById('queue');
  var status = document.getElementById('status');
  if (!table) return;
  var canReview = table.getAttribute('data-can-review') === 'true';
  var verdictOfKey = { h: 'hallucinated', c: 'correct', u: 'unsure' };
  var selected = 0;

  function rows() {
    return Array.prototype.slice.call(table.querySelectorAll('tbody tr[data-call]'));
  }

  function select(index) {
    var all = rows();
    all.forEach(function (r) { r.classList.remove('selected'); });
    if (all.length === 0) return;
    selected = Math.max(0, Math.min(index, all.length - 1));
    all[selected].classList.add('selected');
    all[selected].scrollIntoView({ block: 'nearest' });
  }

  function say(text) {
    status.textContent = text;
  }

  function mark(row, verdict) {
    var index = rows().indexOf(row);
    var body = new URLSearchParams();
    body.set('verdict', verdict);
    say('storing ' + verdict + ' for ' + row.getAttribute('data-call') + '...');
    // The endpoint answers a stored verdict with 303 to the call page; stay here instead of following it.
    fetch(row.getAttribute('data-verdict-url'), { method: 'POST', body: body, credentials: 'same-origin',
      redirect: 'manual' }).then(function (r) {
      if (r.type !== 'opaqueredirect' && !r.ok) {
        return r.text().then(function (t) { say('not stored (' + r.status + '): ' + t); });
      }
      row.remove();
      say('marked ' + row.getAttribute('data-call') + ' ' + verdict);
      if (rows().length === 0) {
        window.location.reload();
      } else {
        select(index);
      }
    }, function (e) { say('not stored: ' + e); });
  }

  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(e.target.tagName)) return;
    var row = rows()[selected];
    if (e.key === 'j') select(selected + 1);
    else if (e.key === 'k') select(selected - 1);
    else if (e.key === 'Enter' && row) window.location.href = row.getAttribute('data-url');
    else if (canReview && verdictOfKey[e.key] && row) mark(row, verdictOfKey[e.key]);
    else return;
    e.preventDefault();
  });

  table.addEventListener('submit', function (e) {
    e.preventDefault();
    var row = e.target.closest('tr');
    if (row && e.submitter) {
      e.submitter.blur();
      mark(row, e.submitter.value);
    }
  });

  select(0);
}());
