#pragma once
// Application code of the testing example (docs/testing.md): it mails an invoice with a link to pay
// it, and tells the operator what happened. It is ordinary application code; the tests next to it
// show how to test it without a network.

#include <string>

#include <paylink/client.hpp>
#include <paylink/money.hpp>
#include <paylink/payment_link.hpp>
#include <paylink/result.hpp>

namespace billing {

struct Invoice {
  std::string number;    // "2026-117"; becomes the link's reference
  paylink::Money total;  // what the customer pays
  std::string customer;  // whom the mail greets
};

// The application's own seam for payment links: the one operation it needs, in its own words.
// paylink::Client stays a concrete class; code that wants to swap it in unit tests hides it behind
// an interface like this one instead of mocking every Client method.
class PaymentLinks {
 public:
  virtual ~PaymentLinks() = default;
  virtual paylink::Result<paylink::PaymentLink> create_for(const Invoice& invoice) = 0;
};

// The production PaymentLinks: a paylink::Client of any vendor.
class ClientPaymentLinks final : public PaymentLinks {
 public:
  explicit ClientPaymentLinks(paylink::Client client);
  paylink::Result<paylink::PaymentLink> create_for(const Invoice& invoice) override;

 private:
  paylink::Client client_;
};

enum class MailOutcome {
  sent,             // the mail with the link went out
  retry_later,      // the vendor is busy or unreachable and nothing was created: try again later
  needs_attention,  // a person must look (bad invoice, refused, or the link may exist already)
};

struct MailReport {
  MailOutcome outcome = MailOutcome::needs_attention;
  std::string text;  // the mail when sent; otherwise one line for the operator
};

class InvoiceMailer {
 public:
  explicit InvoiceMailer(PaymentLinks& links) : links_(links) {}

  MailReport mail(const Invoice& invoice) const;

 private:
  PaymentLinks& links_;
};

}  // namespace billing
