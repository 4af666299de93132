/* The analysis dashboard: progressive enhancement only. Without JavaScript the page shows
 * the server-drawn SVG charts, the legend and the tables; with it, the charts become
 * interactive (vega-embed, vendored) and the choropleth map is drawn with Leaflet over our
 * own municipality boundaries (no background tiles). */
(function () {
  "use strict";
  if (!document.querySelectorAll) { return; }

  function readJson(id) {
    var node = id && document.getElementById(id);
    if (!node) { return null; }
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  function choropleth(el) {
    if (!window.L || !window.fetch) { return; }
    var values = readJson(el.dataset.valuesId) || {};
    el.hidden = false;
    var map = L.map(el, {
      zoomControl: false, scrollWheelZoom: false, attributionControl: false, zoomSnap: 0.25
    });
    L.control.zoom({
      zoomInTitle: el.dataset.zoomIn || "Zoom in",
      zoomOutTitle: el.dataset.zoomOut || "Zoom out"
    }).addTo(map);
    fetch(el.dataset.geojsonUrl, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || !data.features || !data.features.length) { el.hidden = true; return; }
        var layer = L.geoJSON(data, {
          style: function (feature) {
            var v = values[(feature.properties || {}).code];
            return {
              color: "#3d4650", weight: 1, fillOpacity: 0.85,
              fillColor: v ? v.colour : "#d9d9d9"
            };
          },
          onEachFeature: function (feature, layer) {
            var props = feature.properties || {};
            var v = values[props.code];
            layer.bindTooltip((props.name || "") + (v ? ": " + v.text : ""), { sticky: true });
            layer.on("mouseover", function () { layer.setStyle({ weight: 3 }); });
            layer.on("mouseout", function () { layer.setStyle({ weight: 1 }); });
          }
        }).addTo(map);
        map.fitBounds(layer.getBounds(), { padding: [8, 8] });
      })
      .catch(function () { el.hidden = true; });
  }

  function chart(el) {
    if (!window.vegaEmbed) { return; }
    var spec = readJson(el.dataset.vegaSpec);
    if (!spec) { return; }
    var target = document.createElement("div");
    var options = { renderer: "svg", actions: false };
    var locale = readJson(el.dataset.localeId);
    if (locale) { options.formatLocale = locale; }
    var fallback = el.querySelector("svg");
    var label = fallback ? fallback.getAttribute("aria-label") : "";
    spec.description = label || spec.description;
    window.vegaEmbed(target, spec, options).then(function () {
      el.replaceChildren(target);
      el.classList.add("dashboard__chart-body--interactive");
    }).catch(function () { /* keep the server-drawn chart */ });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-kpss-choropleth]"), choropleth);
    Array.prototype.forEach.call(document.querySelectorAll("[data-vega-spec]"), chart);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
