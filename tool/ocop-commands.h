/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-commands.h: the `ocop` commands, one group a file, that ocop.c's
 * table dispatches to. Each parses its own options from the arguments
 * after its name (tool->argc, tool->argv) and returns the exit code
 * (OCOP_TOOL_EXIT_*). */

#pragma once

#include "ocop-tool.h"

G_BEGIN_DECLS

typedef int (*OcopCommandFunc) (OcopTool *tool);

/* ocop-cmd-fair.c: the fair, the booth and its visitors */
int ocop_cmd_init             (OcopTool *tool);
int ocop_cmd_demo             (OcopTool *tool);
int ocop_cmd_visitors_add     (OcopTool *tool);

/* ocop-cmd-catalog.c */
int ocop_cmd_catalog_import   (OcopTool *tool);
int ocop_cmd_catalog_search   (OcopTool *tool);
int ocop_cmd_catalog_list     (OcopTool *tool);

/* ocop-cmd-sale.c */
int ocop_cmd_sale_add         (OcopTool *tool);
int ocop_cmd_sale_void        (OcopTool *tool);
int ocop_cmd_sale_refund      (OcopTool *tool);
int ocop_cmd_sale_show        (OcopTool *tool);
int ocop_cmd_sale_list        (OcopTool *tool);
int ocop_cmd_vietqr           (OcopTool *tool);

/* ocop-cmd-config.c: settings */
int ocop_cmd_config_rounding  (OcopTool *tool);

/* ocop-cmd-day.c: business days, Z reports and the reports */
int ocop_cmd_day_open         (OcopTool *tool);
int ocop_cmd_day_close        (OcopTool *tool);
int ocop_cmd_day_z            (OcopTool *tool);
int ocop_cmd_day_handover     (OcopTool *tool);
int ocop_cmd_report_day       (OcopTool *tool);
int ocop_cmd_report_fair      (OcopTool *tool);

/* ocop-cmd-print.c: receipts and the receipt printer */
int ocop_cmd_receipt          (OcopTool *tool);
int ocop_cmd_printers         (OcopTool *tool);
int ocop_cmd_print_test       (OcopTool *tool);
int ocop_cmd_print_queue      (OcopTool *tool);

/* ocop-cmd-scale.c: the booth's scale */
int ocop_cmd_scales           (OcopTool *tool);
int ocop_cmd_scale_read       (OcopTool *tool);

/* ocop-cmd-label.c */
int ocop_cmd_label            (OcopTool *tool);
int ocop_cmd_config_measure_codes (OcopTool *tool);

/* ocop-cmd-sync.c: the fair's hub */
int ocop_cmd_sync_enroll      (OcopTool *tool);
int ocop_cmd_sync_status      (OcopTool *tool);
int ocop_cmd_sync_round       (OcopTool *tool);

G_END_DECLS
