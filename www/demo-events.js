// Demo pages only: lists the widget's events (prequal:*) under it, as a partner would see them.
(function () {
  'use strict';
  var log = document.getElementById('event-log');
  if (!log) return;
  var host = document.getElementById(log.getAttribute('data-for'));
  if (!host) return;
  ['ready', 'step', 'change', 'result', 'submitted', 'error'].forEach(function (name) {
    host.addEventListener('prequal:' + name, function (e) {
      var li = document.createElement('li');
      li.textContent = 'prequal:' + name + ' ' + JSON.stringify(e.detail);
      log.appendChild(li);
      while (log.children.length > 30) log.removeChild(log.firstChild);
    });
  });
})();
