#include "help.hpp"

#include "listen_command.hpp"

namespace paylink_cli {
namespace {

constexpr const char* kOverview = R"(paylink - payment links at onOffice, MultiSafepay, SmarterPay and Qonto

Usage:
  paylink create --provider P [--amount DECIMAL --currency CODE] [--description TEXT] [--reference REF]
                 [--set KEY=VALUE]... [--idempotency-key KEY] [--base-url URL] [--json]
  paylink get    --provider P ID [--base-url URL] [--json]
  paylink list   --provider P [--status S] [--limit N] [--all] [--base-url URL] [--json]
  paylink expire --provider P ID [--base-url URL] [--json]
  paylink update --provider smarterpay ID --set metadata_KEY=VALUE... [--base-url URL] [--json]
  paylink payments --provider qonto LINK_ID [--status S] [--limit N] [--all] [--base-url URL] [--json]
  paylink payment-methods --provider qonto [--base-url URL] [--json]
  paylink reconcile --provider P --reconcile-key KEY <the create's flags> [--json]
  paylink watch  --provider P ID... [--until paid|final] [--interval S] [--timeout S] [--base-url URL]
  paylink webhook verify --provider P --body-file FILE --signature HEADER [--tolerance SECONDS] [--json]
  paylink batch create --provider P --file links.csv [--delimiter C] [--concurrency N] [--base-url URL]
                       [--resume RESULTS.jsonl] [--drain-timeout SECONDS]
  paylink listen --provider P --port N [--host H] [--forward-to URL]

  paylink COMMAND --help     one command in detail
  paylink --version

Every command that calls a vendor also takes:
  --verbose     every request, response, retry and failure on stderr, one line each, with the attempt
                number and duration_ms; headers and query values not on the log's allow-list read
                REDACTED, credential fields of bodies read "***"
  --dry-run     print the request that would be sent (method, URL, headers with credentials REDACTED,
                the User-Agent, body with credential fields "***") on stdout and send nothing; exit 0
                (2 for input refused before it would be sent). batch create --dry-run prints one
                JSON line per row with its request instead of the link. Qonto OAuth
                (PAYLINK_QONTO_TOKEN_FILE) is never refreshed: a placeholder bearer, REDACTED.
  --timeout SECONDS  give the call at most this long, every attempt, backoff and rate-limit wait
                included (0.001 to 86400); past it exit 4, or 5 for a create that may have been sent.
                batch create: each row. watch: its own --timeout, the whole watch.
  --ca-bundle FILE  trust the CA certificates in FILE (PEM) instead of the system's, e.g. a TLS
                sandbox's CA or a corporate TLS proxy's; PAYLINK_CA_BUNDLE sets it when the flag is
                absent. An unreadable file is exit 2; a certificate that does not verify is exit 4 at
                once, never retried. Every command takes it (webhook verify sends nothing).
  --quota-redis URL  share the vendor's quota with every paylink process (on any machine) that names
                the same Redis and quota: redis://[:password@]host:port[/db]; PAYLINK_QUOTA_REDIS_URL
                sets it when the flag is absent. Without it each process paces itself alone through the
                vendor's documented windows (Qonto: 1000 per 10 s and 10000 per 10 min). If Redis cannot
                be reached, calls fail closed (exit 4, nothing sent) rather than overrun the shared quota.
  --quota-name NAME  the shared quota's name (default: the vendor's name); processes that split one
                run, or share one egress IP, use the same NAME. Keys: paylink:quota:<vendor>:<NAME>:...

Providers (P): onoffice, multisafepay, smarterpay, qonto.
  onoffice       create
  multisafepay   create, get, expire (cancels the order), reconcile, watch, webhook verify
  smarterpay     create, get, list, expire, update, reconcile, watch, webhook verify
  qonto          create, get, list, expire (deactivates the link), payments, payment-methods, reconcile,
                 watch, webhook verify

Credentials come from the environment only, never from flags, and are never printed:
  PAYLINK_ONOFFICE_TOKEN, PAYLINK_ONOFFICE_SECRET
  PAYLINK_MULTISAFEPAY_API_KEY
  PAYLINK_SMARTERPAY_TOKEN
  PAYLINK_QONTO_TOKEN (or PAYLINK_QONTO_LOGIN + PAYLINK_QONTO_SECRET_KEY), a fixed token; or OAuth2
  with refresh: PAYLINK_QONTO_CLIENT_ID + PAYLINK_QONTO_CLIENT_SECRET + PAYLINK_QONTO_TOKEN_FILE, a
  JSON file {"access_token": "...", "refresh_token": "...", "expires_at": "<RFC 3339>"} read at start
  and rewritten atomically (mode 0600) at every refresh; PAYLINK_QONTO_OAUTH_URL replaces the OAuth
  host (https://oauth.qonto.com, or https://oauth-sandbox.staging.qonto.co with a staging token)
  PAYLINK_QONTO_STAGING_TOKEN (Qonto's sandbox: sent as X-Qonto-Staging-Token on every request)
  Webhook secrets: PAYLINK_QONTO_WEBHOOK_SECRET, PAYLINK_SMARTERPAY_WEBHOOK_KEY (MultiSafepay signs
  with PAYLINK_MULTISAFEPAY_API_KEY)

Endpoints: --base-url URL, or PAYLINK_<P>_BASE_URL (e.g. PAYLINK_QONTO_BASE_URL), replaces the
vendor's documented base: onOffice's api.php endpoint URL, MultiSafepay's .../v1/json/, SmarterPay's
.../service.svc/, Qonto's scheme and host. It must be https, or http to a loopback host (a local
paylink-sandbox). Without it: onOffice https://api.onoffice.de/api/stable/api.php, MultiSafepay's test
API https://testapi.multisafepay.com/v1/json/ (live: --base-url https://api.multisafepay.com/v1/json/),
SmarterPay https://api.smarterpaycloud.com/service.svc/, Qonto https://thirdparty.qonto.com (or its
sandbox host when PAYLINK_QONTO_STAGING_TOKEN is set).

Output: one readable line per link (provider, id, status, amount, url, "description"; onOffice links
have no id but their URL, shown as "-"); with --json one
JSON object per link and line: provider, id, url, status, amount {value, currency}, description,
reference, created_at, expires_at (amount and times absent when the vendor does not report them).

Exit codes:
  0  success
  1  webhook verify: the notification is not valid (the reason is printed)
  2  bad usage or invalid input; nothing was sent
  3  the vendor refused (auth, validation, not found, conflict)
  4  network, timeout or vendor unavailable, after retries (also: past --timeout)
  5  the outcome of a create is unknown (sent, no answer); the message says how to check
  130, 143  batch create stopped by SIGINT or SIGTERM (see paylink batch create --help)
Errors go to stderr as one line starting with "paylink: ".
)";

constexpr const char* kCreate = R"(paylink create - create a payment link

Usage:
  paylink create --provider P [--amount DECIMAL --currency CODE] [--description TEXT] [--reference REF]
                 [--set KEY=VALUE]... [--idempotency-key KEY] [--base-url URL] [--json] [--verbose]
                 [--dry-run]

Options:
  --provider P         onoffice, multisafepay, smarterpay or qonto (required)
  --amount DECIMAL     exact amount, a plain decimal such as 13.30 (no exponent, no comma, at most the
                       currency's decimals); needs --currency
  --currency CODE      ISO-4217 code, e.g. EUR, GBP, JPY; needs --amount
  --description TEXT   shown to the payer
  --reference REF      your reference (MultiSafepay: the order_id, at most 50 characters; SmarterPay:
                       the customer custom reference)
  --set KEY=VALUE      a field only this vendor takes; repeat for several (keys below)
  --idempotency-key KEY
                       the key that makes a repeat of this create safe: 1 to 255 visible ASCII characters,
                       no spaces (SmarterPay's limit). Qonto and SmarterPay answer a repeated key with the
                       first create's link; MultiSafepay uses it as the order_id when there is no
                       --reference (at most 50 characters). onOffice takes none. Default: a new random key
  --base-url URL       replaces the vendor's base (see paylink --help)
  --json               print the link as one JSON object
  --verbose            requests and responses on stderr, redacted (see paylink --help)
  --dry-run            print the request instead of sending it

Vendor fields (--set):
  onoffice       transaction_id=ID (required: the marketplace transaction), send_mail=true|false
                 (e-mail the payer). onOffice takes EUR only, as a net price.
  multisafepay   type=paymentlink|redirect|direct (default paymentlink), recurring_id=TOKEN,
                 recurring_model=cardOnFile|subscription|unscheduled, customer_reference=ID,
                 days_active=N (link lifetime, 1 to 365), notification_url=URL
  smarterpay     ecommerce_page=EP... (required), customer_account=CA..., bank_account=BA...,
                 mandate=ID, metadata=TEXT. SmarterPay takes GBP only; the amount is optional.
  qonto          vat_rate=PERCENT (e.g. 21.0; default 0.0), payment_methods=credit_card,apple_pay,...,
                 reusable=true|false

Examples:
  paylink create --provider qonto --amount 13.30 --currency EUR --description "Invoice 42"
  paylink create --provider multisafepay --amount 25.00 --currency EUR --description "Order 7" \
                 --reference order-7 --set days_active=14
  paylink create --provider smarterpay --amount 27.50 --currency GBP --set ecommerce_page=EP0001
  paylink create --provider onoffice --amount 1100.50 --currency EUR --description "Fee" \
                 --set transaction_id=1100135697

Exit codes: 0 created; 2 invalid input (nothing sent); 3 refused by the vendor; 4 network or vendor
unavailable; 5 sent but no answer: the link may exist, and the message says how to check before
creating it again (paylink reconcile with the key it prints and the same flags).
)";

constexpr const char* kGet = R"(paylink get - show one payment link

Usage:
  paylink get --provider P ID [--base-url URL] [--json]

ID is the vendor's id as create printed it (MultiSafepay: the order_id). Supported by multisafepay,
smarterpay and qonto; onOffice has no get (exit 2, nothing sent).

Options:
  --provider P      multisafepay, smarterpay or qonto (required)
  --base-url URL    replaces the vendor's base (see paylink --help)
  --json            print the link as one JSON object
  --verbose         requests and responses on stderr, redacted (see paylink --help)
  --dry-run         print the request instead of sending it

Exit codes: 0 found; 2 bad usage or unsupported (nothing sent); 3 refused (e.g. not found, bad
credentials); 4 network or vendor unavailable.
)";

constexpr const char* kList = R"(paylink list - list payment links

Usage:
  paylink list --provider P [--status S] [--limit N] [--all] [--base-url URL] [--json]

Supported by smarterpay and qonto (exit 2, nothing sent, for the others).

Options:
  --provider P      smarterpay or qonto (required)
  --status S        only links in this state: open, paid, expired or canceled (SmarterPay cannot
                    filter: paylink keeps the matching links of each page it receives)
  --limit N         links per page (the vendor's page size); default the vendor's
  --all             walk every page; without it, one page is shown
  --base-url URL    replaces the vendor's base (see paylink --help)
  --json            one JSON object per link, one per line
  --verbose         requests and responses on stderr, redacted (see paylink --help)
  --dry-run         print the (first) request instead of sending it

Exit codes: 0 listed (also when empty); 2 bad usage or unsupported (nothing sent); 3 refused; 4 network
or vendor unavailable (links already printed stay printed).
)";

constexpr const char* kExpire = R"(paylink expire - end a payment link so it can no longer be paid

Usage:
  paylink expire --provider P ID [--base-url URL] [--json]

SmarterPay expires the link, Qonto deactivates it, MultiSafepay cancels the order. onOffice cannot
(exit 2, nothing sent). Prints the link as it is afterwards.

Options:
  --provider P      multisafepay, smarterpay or qonto (required)
  --base-url URL    replaces the vendor's base (see paylink --help)
  --json            print the link as one JSON object
  --verbose         requests and responses on stderr, redacted (see paylink --help)
  --dry-run         print the request instead of sending it

Exit codes: 0 expired; 2 bad usage or unsupported (nothing sent); 3 refused (e.g. not found, already
paid); 4 network or vendor unavailable.
)";

constexpr const char* kWebhookVerify = R"(paylink webhook verify - check a webhook's signature and print its event

Usage:
  paylink webhook verify --provider P --body-file FILE --signature HEADER [--tolerance SECONDS] [--json]
  paylink webhook verify --provider multisafepay --body-file FILE --auth HEADER [--tolerance SECONDS] [--json]

Checks that a webhook delivery was signed by the vendor with your secret, then reads the payment link's
event in it. The body must be the bytes exactly as received.

  provider       header (--signature)   secret (environment)             tolerance default
  qonto          X-Qonto-Signature      PAYLINK_QONTO_WEBHOOK_SECRET     300 s
                 "t=<unix s>,v1=<hex>", v1 = HMAC-SHA256(secret, "<t>.<body>"); several v1: any match
  multisafepay   Auth                   PAYLINK_MULTISAFEPAY_API_KEY     600 s
                 base64("<ts>:" + hex(HMAC-SHA512(api_key, "<ts>:<body>")))
  smarterpay     Webhook-Signature      PAYLINK_SMARTERPAY_WEBHOOK_KEY   (none: no signed time)
                 hex(HMAC-SHA256(webhook_key, body)); the link is the card payment's custom_reference
                 (inferred: see docs/webhooks.md)
onoffice sends no webhooks.

Options:
  --provider P              qonto, multisafepay or smarterpay (required)
  --body-file FILE          the raw request body; "-" reads standard input (required)
  --signature HEADER        the value of the vendor's signature header (required)
  --auth HEADER             MultiSafepay only: the same as --signature (its header is called Auth)
  --tolerance SECONDS       largest accepted age (and clock skew) of the signature; 0 skips the age
                            check; ignored for smarterpay
  --json                    print the event as one JSON object: provider, id, status, raw_status,
                            event_id (null when the vendor gives none), occurred_at, amount

Output: "valid: <provider> ... <id>, status <status> (<vendor word>)[, event <id>][, at <time>]".

Exit codes: 0 valid (prints the event); 1 not valid, with the reason: malformed_header, bad_signature,
too_old, not_yet_valid, malformed_body (authentic but unreadable), not_a_link_event (authentic but
about something else than a payment link); 2 bad usage or the secret's variable is unset.
)";

constexpr const char* kUpdate = R"(paylink update - change an existing link's metadata

Usage:
  paylink update --provider smarterpay ID --set metadata_KEY=VALUE... [--base-url URL] [--json]
                 [--verbose] [--dry-run]

Sets SmarterPay metadata strings of link ID (PUT /paymentlink/{id}) and prints the link as it is
afterwards. Keys are SmarterPay's field names: metadata, metadata_account_validation,
metadata_bank_account, metadata_card, metadata_customer_account, metadata_mandate,
metadata_recurrence_schedule. Empty values are not sent. Only SmarterPay can change a link (exit 2,
nothing sent, for the others).

Options:
  --provider P             smarterpay (required)
  --set metadata_KEY=TEXT  one metadata string; repeat for several (at least one)
  --base-url URL           replaces the vendor's base (see paylink --help)
  --json                   print the link as one JSON object
  --verbose                requests and responses on stderr, redacted (see paylink --help)
  --dry-run                print the request instead of sending it

Example:
  paylink update --provider smarterpay PL0123 --set metadata_card="card on file" --set metadata=flat-3b

Exit codes: 0 updated; 2 bad usage, an unknown metadata key or unsupported (nothing sent); 3 refused
(e.g. not found); 4 network or vendor unavailable.
)";

constexpr const char* kPayments = R"(paylink payments - the payments made through a link

Usage:
  paylink payments --provider qonto LINK_ID [--status S] [--limit N] [--all] [--base-url URL] [--json]
                   [--verbose] [--dry-run]

Lists the payments of Qonto payment link LINK_ID (GET /v2/payment_links/{id}/payments), one line each:
id, status (Qonto's word), amount, payment method, paid at ("-" while not paid). Only Qonto has
payments (exit 2, nothing sent, for the others).

Options:
  --provider P      qonto (required)
  --status S        only payments in this state: open, pending, paid, expired or canceled
  --limit N         payments per page (the vendor's page size); default the vendor's
  --all             walk every page; without it, one page is shown
  --base-url URL    replaces the vendor's base (see paylink --help)
  --json            one JSON object per payment and line: id, status, payment_method, amount
                    {value, currency}, debitor_email, created_at, paid_at (absent when not reported)
  --verbose         requests and responses on stderr, redacted (see paylink --help)
  --dry-run         print the (first) request instead of sending it

Exit codes: 0 listed (also when empty); 2 bad usage or unsupported (nothing sent); 3 refused (e.g. the
link is not found); 4 network or vendor unavailable.
)";

constexpr const char* kPaymentMethods = R"(paylink payment-methods - the payment methods links can offer

Usage:
  paylink payment-methods --provider qonto [--base-url URL] [--json] [--verbose] [--dry-run]

Lists the payment methods of the Qonto account (GET /v2/payment_links/payment_methods), one per line:
its name (as "paylink create --set payment_methods=" takes it) and whether it is enabled. Only Qonto
has this list (exit 2, nothing sent, for the others).

Options:
  --provider P      qonto (required)
  --base-url URL    replaces the vendor's base (see paylink --help)
  --json            one JSON object per method and line: {"name":"credit_card","enabled":true}
  --verbose         requests and responses on stderr, redacted (see paylink --help)
  --dry-run         print the request instead of sending it

Exit codes: 0 listed; 2 bad usage or unsupported (nothing sent); 3 refused; 4 network or vendor
unavailable.
)";

constexpr const char* kReconcile = R"(paylink reconcile - find out whether a create with an unknown outcome happened

Usage:
  paylink reconcile --provider P --reconcile-key KEY [--amount DECIMAL --currency CODE]
                    [--description TEXT] [--reference REF] [--set KEY=VALUE]... [--base-url URL]
                    [--json] [--verbose] [--dry-run]

After "paylink create" exits 5 (the request was sent and no answer came), run this with the key its
message printed and the same create flags (without --idempotency-key). It prints the link when it
exists.
  multisafepay   asks for the order whose order_id is KEY: the link if it exists (exit 0); exit 3 with
                 "the create did not happen" when there is none, so creating it again is safe; exit 3
                 (conflict) when that order_id holds another amount
  qonto          replays the create with KEY as its idempotency key: the vendor answers with the link
  smarterpay     if the first create made it, and makes it exactly once if it did not (exit 0 both
                 ways). Qonto keeps keys for 30 minutes: later, a replay may create a second link
  onoffice       cannot be asked through its API (exit 2, nothing sent)

Options:
  --provider P           multisafepay, smarterpay or qonto (required)
  --reconcile-key KEY    the key the failed create printed (required)
  the create's flags     as paylink create takes them (see paylink create --help)
  --base-url URL         replaces the vendor's base (see paylink --help)
  --json                 print the link as one JSON object
  --verbose              requests and responses on stderr, redacted (see paylink --help)
  --dry-run              print the request instead of sending it

Exit codes: 0 the link exists (printed); 2 bad usage or unsupported (nothing sent); 3 the create did
not happen, or the vendor refused; 4 network or vendor unavailable; 5 still no answer: the outcome is
still unknown, run it again.
)";

}  // namespace

constexpr const char* kBatchCreate = R"(paylink batch create - create one payment link per CSV row, concurrently

Usage:
  paylink batch create --provider P --file links.csv [--delimiter C] [--concurrency N] [--base-url URL]
                       [--resume RESULTS.jsonl] [--timeout SECONDS] [--drain-timeout SECONDS]
                       [--quota-redis URL [--quota-name NAME]] [--verbose] [--dry-run]

The file's first row names the columns: amount, currency, description, reference, and any key that
"paylink create --set" takes for the provider (e.g. transaction_id for onoffice, ecommerce_page for
smarterpay). Empty cells are left out. Each row is validated like "paylink create"; a bad row fails
alone and the others go on.

The file is UTF-8 CSV, with or without the byte-order mark that Excel's "CSV UTF-8" writes. Fields
are separated by "," or ";" (taken from the header line) and may be quoted ("a ""quoted"" word"); a
quoted field ends on its own line (a row with an unclosed quote fails alone). Amounts take a point as
the decimal separator in every locale: a row with 10,99 fails and says to write 10.99.

  --delimiter C     the field separator, one character such as , ; | (or the word tab), instead of
                    the one found in the header line
  --concurrency N   rows in progress at once, 1 to 256 (default 16), over HTTP keep-alive
                    connections (HTTP/2 streams where the vendor offers them)
  --resume FILE     the stdout of an earlier run: rows that succeeded there are skipped (their result
                    line is written again, so this run's output can be the next --resume); rows whose
                    create was sent and never answered are checked at the vendor (Qonto and
                    SmarterPay replay their idempotency key, MultiSafepay is asked for the order)
                    and never created blindly a second time
  --timeout SECONDS each row's create at most this long, retries and waits included (0.001 to
                    86400); a row sent and not answered in time is reported ambiguous
  --drain-timeout SECONDS
                    after SIGINT or SIGTERM, how long rows in flight may still take (0 to 3600,
                    default 10)
  --quota-redis URL share the vendor's quota through Redis (redis://[:password@]host:port[/db], or
                    PAYLINK_QUOTA_REDIS_URL) with every other process naming the same quota: split a
                    run across processes or machines, one part of the file each, with the same
                    --quota-redis and --quota-name, and together they stay within the vendor's windows.
                    Redis unreachable: each row fails closed (exit 4) and nothing is sent
  --quota-name NAME the shared quota's name (default: the vendor's name)
  --verbose         every request, response and retry on stderr, redacted (see paylink --help)
  --dry-run         check and encode every row, and print its request instead of sending it:
                    {"row":N,"ok":true,"dry_run":true,"request":{"method","url","headers","body"},...}
                    (credentials REDACTED, credential fields "***"); not with --resume

Each run has a random run id, and each row is sent with an idempotency key derived from the run id, its
row number and its text. --resume reuses the run id of its file, so a row sent again keeps its key; a
run without --resume is a new run with new keys, and creates every row again.

Output: one JSON object per row on stdout as rows complete (not in file order):
  {"row":N,"ok":true,"link":{...as paylink create --json...},"run_id":"32 hex digits"}
  {"row":N,"ok":false,"error":{"code":"validation","message":"...","exit_code":2,...},"run_id":"..."}
A progress bar with rate and ETA on stderr when it is a terminal, and a summary line at the end.

SIGINT or SIGTERM (Ctrl-C, kill) stops the run: no further row is started, rows in flight get
--drain-timeout to finish, every started row gets its result line ("ambiguous" when its answer never
came, "canceled" when it was never sent), a summary line follows, and the exit code is 130 (SIGINT) or
143 (SIGTERM). --resume on that output finishes the file without creating any row twice: it first asks
the vendor about the rows left ambiguous, then sends the rest. A signal that comes after every row has
started stops nothing: the rows' outcomes decide the exit code.

Exit code: 0 only when every row succeeded (or had in the --resume file); otherwise the most serious
row outcome: 5 (a create's outcome is unknown), 4, 3, then 2; 130 or 143 when a signal stopped it
before every row had started.
)";

constexpr const char* kWatch = R"(paylink watch - wait until payment links are paid, printing each status change

Usage:
  paylink watch --provider P ID... [--until paid|final] [--interval S] [--timeout S] [--base-url URL]

Reads each link (as paylink get does) until it reaches the wanted status or the timeout passes. For
vendors that push nothing, or as a safety net when a webhook may have been missed. Each read is a normal
get: retried on network errors, and paced by the vendor's rate limit. Links are read one at a time,
spread over the interval; a link that does not change is read less and less often (down to once a
minute), and again every interval once it changes. onOffice offers no status read through its API, so
its links cannot be watched (exit 2, nothing sent).

Options:
  --provider P      multisafepay, smarterpay or qonto (required)
  --until paid      wait until every link is paid (default); a link that ends expired or canceled
                    can no longer be paid and ends the wait for it (exit 3)
  --until final     wait until every link has ended: paid, expired or canceled
  --interval S      the shortest time between two reads of one link, in seconds from 0.1 to 3600
                    (decimals allowed); default 2
  --timeout S       give up after this many seconds, from 0.001 to 2678400 (31 days); default 600
  --base-url URL    replaces the vendor's base (see paylink --help)

Output: one JSON object per line on stdout for each change, the first read of each link included
(never twice for an unchanged status); the fields of paylink listen:
  {"provider":"qonto","id":"...","status":"paid","raw_status":"paid","event_id":null,
   "received_at":"2026-12-06T10:00:00Z"}
event_id is always null (a read has no vendor event id); received_at is when the change was read.
Why a link did not reach the wanted status goes to stderr, one line per link.

Exit codes: 0 every link reached the wanted status; 3 a link ended in a status that can no longer
become the wanted one, or could not be read (not found, refused credentials); 4 the timeout passed
first (3 wins when both happen); 2 bad usage or unsupported (nothing sent).
)";

std::string help_text(std::optional<Command> command) {
  if (!command) return kOverview;
  switch (*command) {
    case Command::create:
      return kCreate;
    case Command::get:
      return kGet;
    case Command::list:
      return kList;
    case Command::expire:
      return kExpire;
    case Command::webhook_verify:
      return kWebhookVerify;
    case Command::batch_create:
      return kBatchCreate;
    case Command::update:
      return kUpdate;
    case Command::payments:
      return kPayments;
    case Command::payment_methods:
      return kPaymentMethods;
    case Command::reconcile:
      return kReconcile;
    case Command::watch:
      return kWatch;
    case Command::listen:
      return listen_help();
  }
  return kOverview;
}

}  // namespace paylink_cli
