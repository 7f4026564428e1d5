(function () {
  var main = document.querySelector('main');
  var cs = getComputedStyle(main);
  var box = main.getBoundingClientRect();
  var left = box.left + parseFloat(cs.paddingLeft), right = box.right - parseFloat(cs.paddingRight);
  var lines = ['content ' + Math.round(left) + ' ' + Math.round(right) + ' height ' + document.documentElement.scrollHeight];
  document.querySelectorAll('h2').forEach(function (h) {
    lines.push('h2 ' + Math.round(h.getBoundingClientRect().top + window.scrollY) + ' ' + h.id);
  });
  document.querySelectorAll('table, figure, .kpis').forEach(function (t, i) {
    var r = t.getBoundingClientRect();
    var w = Math.max(r.right, r.left + t.scrollWidth);
    lines.push(t.tagName.toLowerCase() + ' ' + i + ' ' + Math.round(r.left) + ' ' + Math.round(w) + (w > right + 1 ? ' OVER' : ''));
  });
  var pre = document.createElement('pre');
  pre.id = 'narhet-measure';
  pre.textContent = lines.join('\n');
  document.body.appendChild(pre);
})();
