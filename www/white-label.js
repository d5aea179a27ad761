// The white-label page's own script (an external file: the page's CSP allows no inline code).
// Mounts the widget with the JS API; see EMBEDDING.md for every option.
(function () {
  'use strict';
  var widget = window.Prequal.mount('#widget', {
    api: location.origin,
    partnerKey: 'pk_test_demo',
    locale: 'en',
    theme: {
      preset: 'bank',
      variables: { colorPrimary: '#6b2fa3', colorPrimaryDark: '#4e1f7a', radius: '10px' },
    },
    partner: { name: 'Northbridge Finance', logo: location.origin + '/partner-logo.svg' },
    tracking: { sub1: 'white-label-demo' },
    footer: 'Northbridge Finance Ltd is a loan marketplace, not a lender. Loans are issued by the MFOs listed in the offers.',
  });
  widget.on('submitted', function (detail) {
    document.title = 'Application sent — Northbridge Finance';
    void detail;
  });
  window.demoWidget = widget;
})();
