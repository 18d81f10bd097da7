/* Mở Cửa — optional enhancements. Every page works without this file. */
(() => {
  var doc = document;
  doc.documentElement.className += ' js-enabled';
  doc.addEventListener('DOMContentLoaded', () => {
    // The error summary (or a success banner) takes focus, for browsers that ignore autofocus.
    var focus = doc.querySelector('[data-autofocus]');
    if (focus && doc.activeElement !== focus) focus.focus();
    // A print button appears only when script can run it.
    Array.prototype.forEach.call(doc.querySelectorAll('[data-print]'), (button) => {
      button.hidden = false;
      button.addEventListener('click', () => {
        window.print();
      });
    });
  });
  // A second click on a submit button within a few seconds is not a second submission.
  doc.addEventListener('submit', (event) => {
    var form = event.target;
    if (form.getAttribute('data-submitted')) {
      event.preventDefault();
      return;
    }
    form.setAttribute('data-submitted', '1');
    setTimeout(() => {
      form.removeAttribute('data-submitted');
    }, 4000);
  });
})();
