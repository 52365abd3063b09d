// The login form sends the CSRF token Spring Security put in the XSRF-TOKEN cookie (a login form on another
// site cannot log a victim in as the attacker).
(function () {
  'use strict';
  const params = new URLSearchParams(window.location.search);
  const error = document.getElementById('login-error');
  error.hidden = !params.has('error');
  if (params.get('error') === 'throttled') {
    // the server refused the login unchecked (logwarden.security.login-throttle): retrying at once cannot help
    error.textContent = 'Too many failed logins from your address. Try again in a few minutes.';
  }
  document.getElementById('login-out').hidden = !params.has('logout');
  document.getElementById('login-form').addEventListener('submit', () => {
    const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
    document.getElementById('csrf').value = match ? decodeURIComponent(match[1]) : '';
  });
}());
