// The parts of the system OpenSSL's libcrypto that sign RS256: private keys from PEM, EVP digest signing,
// the public key's numbers.
#ifndef FAKE_AUTH0_COPENSSLCRYPTO_H
#define FAKE_AUTH0_COPENSSLCRYPTO_H

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#endif
