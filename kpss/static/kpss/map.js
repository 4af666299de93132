/* Maps of the KPSS portal. The maps only repeat what the tables next to them say; without
 * JavaScript (or without Leaflet) the container stays hidden and nothing is lost.
 * Boundaries come from our own GeoJSON; background tiles only if the site sets a tile URL. */
(function () {
  "use strict";
  if (!window.L || !document.querySelectorAll) { return; }

  var AREA_STYLE = { color: "#0b4a80", weight: 1.5, fillColor: "#5b8fc7", fillOpacity: 0.3 };
  var HOVER_STYLE = { weight: 3, fillOpacity: 0.5 };

  function readJson(id) {
    var node = id && document.getElementById(id);
    if (!node) { return null; }
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  function init(el) {
    el.hidden = false;
    var map = L.map(el, {
      zoomControl: false, scrollWheelZoom: false, attributionControl: true, zoomSnap: 0.25
    });
    L.control.zoom({
      zoomInTitle: el.dataset.zoomIn || "Zoom in",
      zoomOutTitle: el.dataset.zoomOut || "Zoom out"
    }).addTo(map);
    if (el.dataset.tileUrl) {
      L.tileLayer(el.dataset.tileUrl, {
        attribution: el.dataset.tileAttribution || "", maxZoom: 18
      }).addTo(map);
    }
    var group = L.featureGroup().addTo(map);
    var linkBase = el.dataset.linkBase;
    var pins = [];

    function addGeoJson(data) {
      if (!data) { return; }
      L.geoJSON(data, {
        style: function () { return AREA_STYLE; },
        onEachFeature: function (feature, layer) {
          var props = feature.properties || {};
          if (props.name) { layer.bindTooltip(props.name, { sticky: true }); }
          layer.on("mouseover", function () { layer.setStyle(HOVER_STYLE); });
          layer.on("mouseout", function () { layer.setStyle(AREA_STYLE); });
          if (linkBase && props.code) {
            layer.on("click", function () { window.location.href = linkBase + props.code + "/"; });
          }
        }
      }).addTo(group);
      pins.forEach(function (pin) { pin.bringToFront(); });  // places stay above the areas
    }

    function addMarkers(markers) {
      (markers || []).forEach(function (m) {
        pins.push(L.circleMarker([m.lat, m.lon], {
          radius: 9, color: "#ffffff", weight: 2, fillColor: "#b3541e", fillOpacity: 1
        }).bindTooltip(m.label || "").addTo(group));
      });
    }

    function fit() {
      var bounds = group.getBounds();
      if (bounds.isValid()) {
        map.fitBounds(bounds, { padding: [12, 12], maxZoom: 15 });
      } else {
        map.setView([49.8, 15.5], 7);  // the Czech Republic
      }
    }

    addGeoJson(readJson(el.dataset.geojsonId));
    addMarkers(readJson(el.dataset.markersId));
    if (el.dataset.geojsonUrl && window.fetch) {
      fetch(el.dataset.geojsonUrl, { headers: { Accept: "application/geo+json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { addGeoJson(data); fit(); })
        .catch(function () { el.hidden = true; });
    } else {
      fit();
    }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-kpss-map]"), init);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
