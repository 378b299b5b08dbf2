/*
 * text.h -- what the text tools of core/text/ (sentence splitting, the
 * gazetteer) share: the base layer.  Their API is in erg.h (erg_text_*).
 */
#ifndef ERG_TEXT_H
#define ERG_TEXT_H

#include "../base/base.h"

#endif
