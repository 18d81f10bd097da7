/* Mở Cửa — optional enhancements. Every page works without this file. */
(() => {
  var doc = document;
  doc.documentElement.className += ' js-enabled';
  var suggestCategory = (box) => {
    var select = box.querySelector('select');
    var note = box.querySelector('[data-category-suggestion]');
    var form = select.form;
    var auto = select.value === '';
    var timer;
    select.addEventListener('change', () => {
      auto = false;
      note.textContent = '';
    });
    var ask = () => {
      var text = `${form.elements.subject.value} ${form.elements.content.value}`.trim();
      if (!auto || text.length < 6) return;
      fetch(`/api/v1/feedback/categories/suggest?text=${encodeURIComponent(text.slice(0, 1500))}`)
        .then((r) => (r.ok ? r.json() : null))
        .then((s) => {
          if (!s || !s.code || !auto) return;
          select.value = s.code;
          note.textContent = `Gợi ý theo nội dung bạn viết: ${s.name}. Bạn có thể chọn nhóm khác.`;
        })
        .catch(() => undefined);
    };
    ['subject', 'content'].forEach((name) => {
      form.elements[name].addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(ask, 500);
      });
    });
  };
  doc.addEventListener('DOMContentLoaded', () => {
    // The error summary (or a success banner) takes focus, for browsers that ignore autofocus.
    var focus = doc.querySelector('[data-autofocus]');
    if (focus && doc.activeElement !== focus) focus.focus();
    // "Dùng vị trí của tôi": the device's location into the feedback form (no map, no other host).
    var geo = doc.querySelector('[data-geo]');
    if (geo && navigator.geolocation) {
      geo.hidden = false;
      geo.querySelector('[data-geo-button]').addEventListener('click', () => {
        var status = geo.querySelector('[data-geo-status]');
        status.textContent = 'Đang lấy vị trí…';
        navigator.geolocation.getCurrentPosition(
          (pos) => {
            var lat = pos.coords.latitude.toFixed(6);
            var lng = pos.coords.longitude.toFixed(6);
            geo.querySelector('[name=lat]').value = lat;
            geo.querySelector('[name=lng]').value = lng;
            status.textContent = `Đã lấy vị trí: ${lat}, ${lng}`;
          },
          () => {
            status.textContent = 'Không lấy được vị trí. Bạn hãy chọn xã, phường và ghi địa chỉ.';
          },
          { enableHighAccuracy: true, timeout: 15000 },
        );
      });
    }
    // A place anywhere in the country: the chosen province's communes, fetched as soon as it is chosen
    // (without script they appear when the page comes back with the province).
    Array.prototype.forEach.call(doc.querySelectorAll('[data-place]'), (box) => {
      var selects = box.querySelectorAll('select');
      var province = selects[0];
      var commune = selects[1];
      if (!province || !commune) return;
      province.addEventListener('change', () => {
        var empty = commune.options[0] ? commune.options[0].textContent : '';
        commune.length = 0;
        commune.add(new Option(empty, ''));
        if (!province.value) return;
        fetch(`/api/v1/admin-units?limit=500&provinceCode=${encodeURIComponent(province.value)}`, {
          headers: { accept: 'application/json' },
        })
          .then((r) => (r.ok ? r.json() : { items: [] }))
          .then((page) => {
            var bare = (n) => n.replace(/^(xã|phường|đặc khu)\s+/i, '');
            page.items
              .filter((u) => u.kind !== 'province')
              .sort((a, b) => bare(a.name).localeCompare(bare(b.name), 'vi'))
              .forEach((u) => {
                commune.add(new Option(u.name, u.code));
              });
          });
      });
    });
    // The feedback form suggests a category from the sender's words (the server's rule) until
    // the sender picks one themself.
    var suggest = doc.querySelector('[data-suggest-category]');
    if (suggest && window.fetch) suggestCategory(suggest);
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
