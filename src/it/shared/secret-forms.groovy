// The forms a wire-level logger would write a secret in: as text, as hex (either case), and as base64 at each of
// the three alignments it can have inside a longer message (the characters that also depend on the bytes before and
// after it dropped). Verify scripts evaluate this file for the closure:
//   def forms = evaluate(new File(pgimageItShared, 'secret-forms.groovy'))
//   forms(secret).each { form -> assert !log.contains(form) }
return { String secret ->
    def bytes = secret.getBytes('UTF-8')
    def forms = [secret, bytes.encodeHex().toString(), bytes.encodeHex().toString().toUpperCase()]
    (0..2).each { shift ->
        def padded = new ByteArrayOutputStream()
        padded.write(new byte[shift])
        padded.write(bytes)
        def b64 = padded.toByteArray().encodeBase64().toString()
        forms << b64.substring(shift == 0 ? 0 : (shift == 1 ? 2 : 3), b64.length() - 4)
    }
    forms
}
