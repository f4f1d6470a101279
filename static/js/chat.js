// Live chat for the conversation page. The page works without this script (plain form POST);
// this only makes it live: a websocket, reconnection with back-off, catching up on what was
// missed since the last id, and sending with a client_id so a retry never duplicates.
(function () {
  "use strict";
  var log = document.getElementById("chat-log");
  if (!log || !log.dataset.live || !window.WebSocket || !window.fetch) return;
  var d = log.dataset;
  var me = +d.user;
  var lastId = +d.lastId || 0;
  var state = document.getElementById("chat-state");
  var form = document.getElementById("chat-form");
  var box = form && form.querySelector("textarea");
  var outbox = []; // sent, not yet echoed: re-sent (same client_id) after a reconnect
  var socket = null;
  var attempt = 0;
  var stopped = false;

  function say(text) {
    state.hidden = !text;
    state.textContent = text || "";
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(16) + Math.random().toString(16).slice(2);
  }

  function time(iso) {
    var t = new Date(iso);
    return t.toLocaleString(document.documentElement.lang, {
      day: "numeric", month: "short", hour: "2-digit", minute: "2-digit"
    });
  }

  function markRemoved(item) {
    var p = item.querySelector("p");
    var report = item.querySelector(".report");
    if (report) report.remove();
    if (p) {
      p.className = "removed";
      p.textContent = d.removed;
    }
  }

  // Its writer deleted their account: shown as the page shows it after a reload.
  function markDeleted(item, m) {
    var who = item.querySelector(".who");
    var report = item.querySelector(".report");
    var p = item.querySelector("p");
    if (who) who.textContent = m.sender_name;
    if (report) report.remove();
    if (p) {
      p.className = "removed";
      p.removeAttribute("dir");
      p.textContent = m.body;
    }
  }

  function add(m) {
    var existing = document.getElementById("m" + m.id);
    if (existing) {
      if (m.hidden) markRemoved(existing);
      return;
    }
    var empty = document.getElementById("chat-empty");
    if (empty) empty.remove();
    var own = m.sender === me;
    var li = document.createElement("li");
    li.id = "m" + m.id;
    li.className = "msg" + (own ? " own" : "");
    li.dataset.id = m.id;
    var who = document.createElement("span");
    who.className = "who";
    if (own) {
      who.textContent = d.you;
    } else {
      // A person's name keeps its own direction on a right-to-left page, as on the server's.
      var name = document.createElement("bdi");
      name.textContent = m.sender_name;
      who.append(name);
    }
    var when = document.createElement("time");
    when.dateTime = m.created;
    // The server writes the time as the page does (the language's own format and calendar).
    when.textContent = m.created_label || time(m.created);
    var p = document.createElement("p");
    p.dir = "auto";
    p.textContent = m.body;
    li.append(who, " ", when, p);
    if (!own && m.sender !== null && !m.hidden) {
      var a = document.createElement("a");
      a.className = "report";
      a.href = d.report.replace(/\/0\/report\/$/, "/" + m.id + "/report/");
      a.textContent = d.reportLabel;
      li.append(a);
    }
    if (m.hidden) markRemoved(li);
    else if (m.deleted) markDeleted(li, m);
    log.append(li);
    if (m.id > lastId) lastId = m.id;
    outbox = outbox.filter(function (o) { return o.client_id !== m.client_id; });
    li.scrollIntoView({ block: "nearest" });
    read();
  }

  function send(payload) {
    if (socket && socket.readyState === 1) socket.send(JSON.stringify(payload));
  }

  function read() {
    if (!document.hidden && lastId) send({ type: "read", up_to: lastId });
  }

  function catchUp() {
    return fetch(d.since + "?after=" + lastId, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { messages: [] }; })
      .then(function (data) { data.messages.forEach(add); })
      .catch(function () {});
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    say(d.connecting);
    socket = new WebSocket(scheme + location.host + "/ws/chat/" + d.conversation + "/");
    socket.onopen = function () {
      attempt = 0;
      say(d.connected);
      catchUp().then(function () { outbox.forEach(send); });
    };
    socket.onmessage = function (event) {
      var m = JSON.parse(event.data);
      if (m.type === "message") add(m);
      else if (m.type === "hidden") {
        var item = document.getElementById("m" + m.id);
        if (item) markRemoved(item);
      } else if (m.type === "deleted") {
        m.ids.forEach(function (id) {
          var gone = document.getElementById("m" + id);
          if (gone) markDeleted(gone, m);
        });
      } else if (m.type === "safety") {
        var help = document.getElementById("crisis-help");
        if (help) {
          help.hidden = false;
          help.scrollIntoView({ block: "start" });
        }
      } else if (m.type === "error") {
        say(m.detail);
        if (m.code !== "invalid_json" && m.code !== "unknown_type" && outbox.length && box) {
          box.value = box.value || outbox[outbox.length - 1].body;
          outbox.pop();
        }
      }
    };
    socket.onclose = function (event) {
      socket = null;
      if (event.code === 4401 || event.code === 4403 || event.code === 4404) {
        stopped = true;
        say(d.closed + " (" + event.code + ")");
        if (form) form.hidden = true;
        return;
      }
      say(d.offline);
      var wait = Math.min(30000, 1000 * Math.pow(2, attempt++)) * (0.5 + Math.random() / 2);
      setTimeout(connect, wait);
    };
  }

  if (form && box) {
    form.addEventListener("submit", function (event) {
      var idField = form.querySelector("input[name=client_id]");
      var clientId = newId();
      if (idField) idField.value = clientId; // the plain POST is just as safe to retry
      if (stopped || !socket || socket.readyState !== 1) return; // plain form POST
      event.preventDefault();
      var item = { type: "message", body: box.value, client_id: clientId };
      outbox.push(item);
      send(item);
      box.value = "";
    });
  }
  document.addEventListener("visibilitychange", read);
  connect();
})();
