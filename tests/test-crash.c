/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-crash.c: a child process rings up sales in a loop and is killed with
 * SIGKILL at random moments. After every kill the store must hold each sale
 * whole or not at all, with receipt numbers and the outbox sequence free of
 * gaps and every sale matched by exactly one outbox event. */

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ocop-report.h"
#include "ocop-store-private.h"
#include "test-util.h"

#define KILLS 25

/* The child: sells until it is killed. Never returns. */
static void G_GNUC_NORETURN
ring_up_forever (const char *path,
                 guint32     seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopStore) store = ocop_store_open (path, &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_auto(GStrv) skus = NULL;

  if (store == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      _exit (3);
    }
  skus = test_util_demo_skus (store, 8);
  for (;;)
    {
      g_autoptr(OcopSale) sale = ocop_sale_new ();
      int lines = g_rand_int_range (rand, 1, 5);

      /* As the till does: the cart is saved after every scan. */
      for (int i = 0; i < lines; i++)
        {
          g_autoptr(OcopProduct) p = ocop_store_find_sku (store, skus[g_rand_int_range (rand, 0, 8)], NULL);
          ocop_sale_add_product (sale, p, g_rand_int_range (rand, 1, 4), NULL);
          if (!ocop_store_save_cart (store, sale, &error))
            {
              g_printerr ("child: %s\n", error->message);
              _exit (6);
            }
        }
      ocop_sale_add_payment (sale, g_rand_boolean (rand) ? OCOP_PAYMENT_CASH : OCOP_PAYMENT_TRANSFER, -1, 0, NULL);
      if (!ocop_store_commit_sale (store, sale, &error))
        {
          g_printerr ("child: %s\n", error->message);
          _exit (4);
        }
      if (g_rand_int_range (rand, 0, 10) == 0)
        {
          g_autofree char *ref = g_strdup_printf ("#%" G_GINT64_FORMAT, ocop_sale_get_receipt_no (sale));
          g_autoptr(OcopSale) reversal = ocop_store_void_sale (store, ref, "crash test", NULL, test_util_approval (store), &error);
          if (reversal == NULL)
            {
              g_printerr ("child: %s\n", error->message);
              _exit (5);
            }
        }
    }
}

static void
assert_consistent (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopStore) store = ocop_store_open (path, &error);
  g_autoptr(OcopFairReport) fair = NULL;
  gint64 sales;

  g_assert_no_error (error);
  g_assert_cmpint (test_util_query_int (store, "SELECT count (*) FROM pragma_integrity_check WHERE integrity_check != 'ok'"), ==, 0);
  sales = test_util_query_int (store, "SELECT count (*) FROM sale");

  /* Whole or absent: each sale has every line and payment it says it has,
   * and they add up. */
  g_assert_cmpint (test_util_query_int (store,
    "SELECT count (*) FROM sale s WHERE line_count != (SELECT count (*) FROM sale_line WHERE sale_id = s.id)"
    " OR payment_count != (SELECT count (*) FROM payment WHERE sale_id = s.id)"
    " OR total != (SELECT sum (amount) FROM payment WHERE sale_id = s.id)"
    " OR subtotal != (SELECT sum (coalesce (amount, quantity * unit_price) - discount) FROM sale_line WHERE sale_id = s.id)"), ==, 0);
  /* No gaps. */
  g_assert_cmpint (test_util_query_int (store, "SELECT coalesce (max (receipt_no), 0) FROM sale"), ==, sales);
  g_assert_cmpint (test_util_query_int (store, "SELECT count (DISTINCT receipt_no) FROM sale"), ==, sales);
  g_assert_cmpint (test_util_query_int (store, "SELECT coalesce (max (seq), 0) - count (*) FROM outbox"), ==, 0);
  /* One event per sale and one sale per event. */
  g_assert_cmpint (test_util_query_int (store,
    "SELECT count (*) FROM sale s LEFT JOIN (SELECT ref, count (*) AS n FROM outbox GROUP BY ref) o"
    " ON o.ref = s.uuid WHERE coalesce (o.n, 0) != 1"), ==, 0);
  g_assert_cmpint (test_util_query_int (store,
    "SELECT count (*) FROM outbox o WHERE kind IN ('sale', 'void', 'refund')"
    " AND NOT EXISTS (SELECT 1 FROM sale s WHERE s.uuid = o.ref)"), ==, 0);
  /* A cart the kill interrupted comes back whole, or not at all. */
  {
    g_autoptr(OcopSale) cart = ocop_store_load_cart (store, &error);

    g_assert_no_error (error);
    if (cart != NULL)
      {
        g_assert_cmpuint (ocop_sale_get_n_lines (cart), >=, 1);
        g_assert_cmpuint (ocop_sale_get_n_lines (cart), <=, 4);
        g_assert_cmpint (ocop_sale_get_total (cart), >, 0);
      }
  }
  /* The tallies moved with the sales. */
  fair = ocop_report_fair (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fair->net, ==, test_util_query_int (store, "SELECT coalesce (sum (total), 0) FROM sale"));
  g_assert_cmpint (fair->sales_count, ==, test_util_query_int (store, "SELECT count (*) FROM sale WHERE kind = 'sale'"));
}

static void
test_kill_while_selling (void)
{
  g_autofree char *dir = test_util_make_dir ();
  g_autofree char *path = g_build_filename (dir, "ocop.db", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  gint64 sales_after_last = 0;

  /* The parent holds no connection across fork (SQLite forbids it). */
  g_object_unref (test_util_demo_store (dir));

  for (int kill_no = 0; kill_no < KILLS; kill_no++)
    {
      guint32 seed = g_rand_int (rand);
      pid_t pid = fork ();
      int status = 0;

      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        ring_up_forever (path, seed);

      g_usleep (g_rand_int_range (rand, 30, 250) * 1000);
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      /* Killed by us, not dead of its own error. */
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

      assert_consistent (path);
      {
        g_autoptr(OcopStore) store = ocop_store_open (path, NULL);
        sales_after_last = test_util_query_int (store, "SELECT count (*) FROM sale");
      }
    }
  g_test_message ("%d kills, %" G_GINT64_FORMAT " journal records survived", KILLS, sales_after_last);
  /* The child did get work done between kills. */
  g_assert_cmpint (sales_after_last, >, KILLS);
  test_util_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/crash/kill-while-selling", test_kill_while_selling);
  return g_test_run ();
}
