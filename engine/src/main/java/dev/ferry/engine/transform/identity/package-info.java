/**
 * Identity values checked and normalised: phone numbers to E.164 ({@link
 * dev.ferry.engine.transform.identity.PhoneTransform}), Italian tax codes ({@link
 * dev.ferry.engine.transform.identity.TaxCodeTransform}) and e-mail addresses ({@link
 * dev.ferry.engine.transform.identity.EmailTransform}).
 *
 * <p>All three take STRING or TEXT columns and write a STRING column; null stays null; a blank value
 * is invalid unless the transform reads blanks as null; and what an invalid value gets is one
 * {@link dev.ferry.engine.transform.identity.InvalidValuePolicy}: rejected (the default), null, or
 * kept as read. A value is either written in its normalised form or handled by that policy, never
 * changed into something else.
 */
package dev.ferry.engine.transform.identity;
