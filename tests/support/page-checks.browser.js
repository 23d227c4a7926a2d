/**
 * The layout checks, run inside the page (added by tests/support/page-checks.ts): each returns the
 * defects it sees, every one naming the element at fault. Plain browser JavaScript, so that it can be
 * injected as it is; the caller types what comes back.
 */
(() => {
  const TARGET_MIN = 24;

  const clips = (value) => value === 'hidden' || value === 'clip';
  const scrolls = (value) => value === 'auto' || value === 'scroll';

  /** How a person finds the element again: tag, id, classes, and its first words. */
  function describe(element) {
    const id = element.id ? `#${element.id}` : '';
    const classes = [...element.classList]
      .slice(0, 3)
      .map((name) => `.${name}`)
      .join('');
    const text = (element.innerText ?? element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
    return `<${element.tagName.toLowerCase()}${id}${classes}>${text ? ` « ${text} »` : ''}`;
  }

  function isShown(element) {
    return (
      element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) &&
      element.getClientRects().length > 0
    );
  }

  /** Inside a visually hidden box (the DSFR's fr-sr-only and the like): for screen readers only. */
  function isScreenReaderOnly(element) {
    for (let node = element; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.display === 'contents') continue; // no box of its own (SvelteKit's body wrapper)
      const rect = node.getBoundingClientRect();
      if (rect.width <= 1 && rect.height <= 1 && (clips(style.overflowX) || clips(style.overflowY)))
        return true;
      if (style.clip === 'rect(0px, 0px, 0px, 0px)' || style.clipPath === 'inset(50%)') return true;
    }
    return false;
  }

  /** The part of `rect` left visible by the ancestors of `element` that clip or scroll their content. */
  function visibleRect(element, rect) {
    let { left, right, top, bottom } = rect;
    for (let node = element.parentElement; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      const box = node.getBoundingClientRect();
      if (style.overflowX !== 'visible') {
        left = Math.max(left, box.left);
        right = Math.min(right, box.right);
      }
      if (style.overflowY !== 'visible') {
        top = Math.max(top, box.top);
        bottom = Math.min(bottom, box.bottom);
      }
    }
    return { left, right, top, bottom, width: right - left, height: bottom - top };
  }

  /** The page does not scroll sideways: the widest elements past the right edge are named. */
  function horizontalScroll() {
    const width = document.documentElement.clientWidth;
    const excess = document.documentElement.scrollWidth - width;
    if (excess <= 1) return [];
    const culprits = [];
    for (const element of document.body.querySelectorAll('*')) {
      if (!isShown(element) || isScreenReaderOnly(element)) continue;
      const rect = visibleRect(element, element.getBoundingClientRect());
      if (rect.width <= 0 || rect.right <= width + 1) continue;
      // Name the outermost element that sticks out, not each of its children.
      if (culprits.some((outer) => outer.contains(element))) continue;
      culprits.push(element);
    }
    const named = culprits.slice(0, 3).map(describe).join(', ') || 'aucun élément identifié';
    return [`la page défile horizontalement de ${excess} px (dépasse : ${named})`];
  }

  /** Nothing of `main` is drawn over the footer, and the footer comes after the content. */
  function footerOverlap() {
    const main = document.querySelector('main');
    const footer = document.querySelector('footer');
    if (!main || !footer) return ['pas de <main> ou pas de <footer>'];
    const footerTop = footer.getBoundingClientRect().top;
    const defects = [];
    for (const element of [main, ...main.querySelectorAll('*')]) {
      if (!isShown(element) || isScreenReaderOnly(element)) continue;
      const rect = visibleRect(element, element.getBoundingClientRect());
      if (rect.height <= 0 || rect.width <= 0) continue;
      if (rect.bottom > footerTop + 1) {
        if (defects.some((outer) => outer.contains(element))) continue;
        defects.push(element);
      }
    }
    return defects
      .slice(0, 3)
      .map(
        (element) =>
          `${describe(element)} descend sous le haut du pied de page (${Math.round(visibleRect(element, element.getBoundingClientRect()).bottom - footerTop)} px)`,
      );
  }

  /** No visible text is cut by an ancestor that hides its overflow. */
  function clippedText() {
    const defects = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      const parent = node.parentElement;
      if (!parent || !isShown(parent) || isScreenReaderOnly(parent)) continue;
      range.selectNodeContents(node);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
      for (let box = parent; box && box !== document.documentElement; box = box.parentElement) {
        const style = getComputedStyle(box);
        const clipX = clips(style.overflowX);
        const clipY = clips(style.overflowY);
        if (!clipX && !clipY) continue;
        const edge = box.getBoundingClientRect();
        // Cut: partly shown. Text moved wholly out of its box is hidden on purpose (the DSFR's
        // icon-only buttons keep their name that way), not cut.
        const cut = rects.some((r) => {
          const shown =
            Math.min(r.right, edge.right) - Math.max(r.left, edge.left) > 1 &&
            Math.min(r.bottom, edge.bottom) - Math.max(r.top, edge.top) > 1;
          const beyond =
            (clipX && (r.right > edge.right + 1 || r.left < edge.left - 1)) ||
            (clipY && (r.bottom > edge.bottom + 1 || r.top < edge.top - 1));
          return shown && beyond;
        });
        const hidden = rects.every(
          (r) =>
            (clipX && (r.left >= edge.right - 1 || r.right <= edge.left + 1)) ||
            (clipY && (r.top >= edge.bottom - 1 || r.bottom <= edge.top + 1)),
        );
        if (hidden) break; // out of sight here, hence everywhere above
        if (cut) {
          defects.push(`texte coupé « ${node.textContent.trim().slice(0, 50)} » par ${describe(box)}`);
          break;
        }
        if (scrolls(style.overflowX) || scrolls(style.overflowY)) break;
      }
      if (defects.length >= 5) break;
    }
    return defects;
  }

  const INTERACTIVE =
    'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="link"], [role="checkbox"], [role="radio"], [role="tab"]';

  /** What a person clicks: visible controls, or the label drawn for a control the DSFR hides. */
  function targets() {
    const found = new Set();
    for (const element of document.querySelectorAll(INTERACTIVE)) {
      if (element.disabled || element.closest('[inert]')) continue;
      if (isShown(element) && !isScreenReaderOnly(element)) found.add(element);
      else if (element.labels?.length && element.type !== 'file') {
        for (const label of element.labels) if (isShown(label)) found.add(label);
      }
    }
    return [...found].filter((element) => {
      const rect = element.getBoundingClientRect();
      return rect.bottom + scrollY > 0 && rect.width > 0 && rect.height > 0;
    });
  }

  /** A link inside a sentence: its size is the line's (WCAG 2.5.8, "inline" exception). */
  function isInSentence(element) {
    if (getComputedStyle(element).display !== 'inline') return false;
    const block = element.parentElement?.closest('p, li, dd, td, th, label, legend, span, div');
    if (!block) return false;
    const own = (element.innerText ?? '').trim().length;
    return (block.innerText ?? '').trim().length > own + 3;
  }

  /** Interactive targets are at least 24 × 24 CSS px, or spaced so that a 24 px circle fits (WCAG 2.2, 2.5.8). */
  function targetSizes() {
    const all = targets().map((element) => {
      const rect = element.getBoundingClientRect();
      return {
        element,
        rect,
        cx: rect.left + rect.width / 2,
        cy: rect.top + rect.height / 2,
        small: rect.width < TARGET_MIN - 0.5 || rect.height < TARGET_MIN - 0.5,
      };
    });
    const distanceToRect = (x, y, r) =>
      Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
    const defects = [];
    for (const target of all) {
      if (!target.small || isInSentence(target.element)) continue;
      const crowded = all.find(
        (other) =>
          other !== target &&
          !other.element.contains(target.element) &&
          !target.element.contains(other.element) &&
          (distanceToRect(target.cx, target.cy, other.rect) < TARGET_MIN / 2 ||
            (other.small && Math.hypot(other.cx - target.cx, other.cy - target.cy) < TARGET_MIN)),
      );
      if (crowded) {
        const { width, height } = target.rect;
        defects.push(
          `cible de ${Math.round(width)} × ${Math.round(height)} px trop petite et trop proche de ${describe(crowded.element)} : ${describe(target.element)}`,
        );
      }
      if (defects.length >= 5) break;
    }
    return defects;
  }

  /** The accessible name a person would look for. */
  function nameOf(element) {
    return (
      element.getAttribute('aria-label') ||
      (element.textContent ?? '').replace(/\s+/g, ' ').trim() ||
      element.getAttribute('title') ||
      element.value ||
      ''
    );
  }

  /** The header's links and buttons: which are visible now, and which buttons open a menu. */
  function headerControls() {
    const header = document.querySelector('header');
    if (!header) return { controls: [], menuButtons: [] };
    const controls = [...header.querySelectorAll('a[href], button')].map((element) => ({
      name: nameOf(element),
      visible: isShown(element) && !isScreenReaderOnly(element) && element.getBoundingClientRect().right > 0,
    }));
    const menuButtons = [...header.querySelectorAll('button[aria-controls]')]
      .filter((button) => isShown(button) && button.getAttribute('aria-expanded') !== 'true')
      .map((button) => ({
        id: button.id,
        controls: button.getAttribute('aria-controls'),
        name: nameOf(button),
      }));
    return { controls, menuButtons };
  }

  /** Every text a person reads: the rendered text, and the attributes read aloud or shown on hover. */
  function readableText() {
    const attributes = [...document.body.querySelectorAll('[aria-label], [title], [alt], [placeholder]')]
      .filter((element) => isShown(element) || element.matches('img, svg *'))
      .flatMap((element) =>
        ['aria-label', 'title', 'alt', 'placeholder'].map((name) => element.getAttribute(name)),
      )
      .filter(Boolean);
    return [document.title, document.body.innerText, ...attributes].join('\n');
  }

  window.__pageChecks = {
    layout: () => [
      ...horizontalScroll().map((text) => `défilement horizontal : ${text}`),
      ...footerOverlap().map((text) => `chevauchement du pied de page : ${text}`),
      ...clippedText().map((text) => `texte coupé : ${text}`),
      ...targetSizes().map((text) => `taille de cible : ${text}`),
    ],
    headerControls,
    readableText,
  };
})();
