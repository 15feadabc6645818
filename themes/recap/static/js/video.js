/* Click-to-load video players: nothing is requested from YouTube or Vimeo until the
   reader asks for it. Without JavaScript the poster is a plain link to the video. */
(function () {
  "use strict";

  function load(event) {
    var poster = event.currentTarget;
    var src = poster.getAttribute("data-embed");
    if (!src || src.indexOf("https://") !== 0) {
      return;
    }
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.src = src;
    frame.title = "Video: " + (poster.getAttribute("data-title") || "recording");
    frame.allow = "autoplay; fullscreen; picture-in-picture; encrypted-media";
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    frame.className = "video-frame";
    var box = document.createElement("div");
    box.className = "video-box";
    box.appendChild(frame);
    poster.replaceWith(box);
    frame.focus();
  }

  var posters = document.querySelectorAll(".video-poster[data-embed]");
  for (var i = 0; i < posters.length; i += 1) {
    posters[i].addEventListener("click", load);
  }
})();
