/* forceatlas2.js -- the entry esbuild bundles into forceatlas2.min.js
 * (graphology-layout-forceatlas2 ships no browser bundle): the synchronous
 * layout as the global ergForceAtlas2, for the report's "Refine" button. */
import forceAtlas2 from 'graphology-layout-forceatlas2';
window.ergForceAtlas2 = forceAtlas2;
