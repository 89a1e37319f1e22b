// Once the page and everything it links have loaded, reports what arrived:
// this script ran, the stylesheet applied, the image decoded, the video
// could jump to a point past its start. The results
// go into the page itself, for a reader and for the browser test alike.
"use strict";

function report(name, loaded, text) {
  const list = document.getElementById("self-check");
  const item = document.getElementById("check-" + name);
  list.dataset[name] = loaded ? "loaded" : "missing";
  item.textContent = text;
  item.className = loaded ? "loaded" : "missing";
}

window.addEventListener("load", () => {
  report("script", true, "loaded and running");

  // The stylesheet defines this custom property on the root element.
  const marker = getComputedStyle(document.documentElement).getPropertyValue("--stylesheet-loaded").trim();
  report("stylesheet", marker === "yes", marker === "yes" ? "loaded and applied" : "missing");

  // An image that failed to load or decode has no natural size.
  const logo = document.getElementById("logo");
  const decoded = logo.complete && logo.naturalWidth > 0;
  report("image", decoded, decoded ? `loaded, ${logo.naturalWidth}×${logo.naturalHeight} pixels` : "missing");

  // Seeking makes the browser ask for the bytes at that point with a Range
  // header; "seeked" fires once the frame there is ready.
  const video = document.getElementById("video");
  const seek = () => {
    video.addEventListener("seeked", () => {
      report("video", true, `seeked to ${video.currentTime.toFixed(1)} of ${video.duration.toFixed(1)} seconds`);
    }, { once: true });
    video.currentTime = 3.5;
  };
  video.addEventListener("error", () => report("video", false, "failed to load"));
  if (video.readyState >= HTMLMediaElement.HAVE_METADATA) {
    seek();
  } else {
    video.addEventListener("loadedmetadata", seek, { once: true });
  }
});
