/*
 * draw.h -- what the drawing (svg.c) and the HTML report (report.c) share.
 * The draw layer sits above io and analysis.
 */
#ifndef ERG_DRAW_H
#define ERG_DRAW_H

#include "../io/io.h"

#endif
