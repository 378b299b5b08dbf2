/*
 * test_values.c -- dates, value constructors and equality.
 */
#include "unit.h"

START_TEST(date_forms) {
    erg_date d;
    char buf[16];
    ck_assert_int_eq(erg_date_parse("2025", 4, &d), ERG_OK);
    ck_assert_int_eq(d.year, 2025);
    ck_assert_int_eq(d.month, 0);
    ck_assert_int_eq(erg_date_parse("2025-07", 7, &d), ERG_OK);
    ck_assert_int_eq(d.month, 7);
    ck_assert_uint_eq(erg_date_format(d, buf), 7);
    ck_assert_str_eq(buf, "2025-07");
    ck_assert_int_eq(erg_date_parse("2024-02-29", 10, &d), ERG_OK);
    ck_assert_int_eq(erg_date_parse("2025-02-29", 10, &d), ERG_EINVAL);
    ck_assert_int_eq(erg_date_parse("2025-13", 7, &d), ERG_EINVAL);
    ck_assert_int_eq(erg_date_parse("2025-7", 6, &d), ERG_EINVAL);
    ck_assert_int_eq(erg_date_parse("20x5", 4, &d), ERG_EINVAL);
}
END_TEST

START_TEST(equality) {
    erg_value a = erg_str("x"), b = erg_strn("xy", 1);
    ck_assert(erg_value_equal(&a, &b));
    erg_value i = erg_int(1), f = erg_float(1.0);
    ck_assert(!erg_value_equal(&i, &f));
    erg_value items[2] = {erg_int(1), erg_int(2)};
    erg_value l1 = erg_listv(ERG_INT, items, 2), l2 = erg_listv(ERG_INT, items, 1);
    ck_assert(!erg_value_equal(&l1, &l2));
    ck_assert_str_eq(erg_type_name(ERG_DATE), "date");
}
END_TEST

Suite *suite_values(void) {
    Suite *s = suite_create("values");
    TCase *tc = tcase_create("values");
    tcase_add_test(tc, date_forms);
    tcase_add_test(tc, equality);
    suite_add_tcase(s, tc);
    return s;
}
