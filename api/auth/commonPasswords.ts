/**
 * Passwords of ten characters or more that lists of leaked passwords show people choose most
 * (digits in a row, keyboard walks, 我爱你 in digits and pinyin, "password" with a number, the
 * product's own name): refused as a new password, whatever their case.
 */
export const COMMON_PASSWORDS = new Set([
  '1234567890', '0123456789', '12345678910', '123456789a', 'a123456789', 'aa123456789', '1234567890a', 'a1234567890',
  '123456789q', 'q123456789', '1234567890q', '9876543210', '0987654321', '1111111111', '0000000000', '8888888888', '6666666666',
  '1234512345', '1122334455', '1357924680', '147258369a', '147258369q', '1472583690', '123123123123', '1231231231', '5201314520', '1314520520',
  '5211314521', 'woaini1314', 'woaini5201314', 'woaini123456', 'iloveyou1314', 'iloveyou123', 'iloveyou12', 'qwertyuiop', 'qwerty1234',
  'qwerty12345', 'qwerty123456', 'qwer123456', 'qwe1234567', '1qaz2wsx3edc', '1q2w3e4r5t', '1q2w3e4r5t6y', 'qazwsxedc123', 'qazwsxedcrfv',
  '1qaz2wsx3e', 'zxcvbnm123', 'zxcvbnmasd', 'asdfghjkl1', 'asdfghjkl123', 'asdf123456', 'abc1234567', 'abcd123456', 'abcd1234567',
  'abc123456789', 'abcdefghij', 'abcdefg123', 'password12', 'password123', 'password1234', 'passw0rd12', 'p@ssw0rd12', 'p@ssword123',
  'admin12345', 'admin123456', 'administrator', 'welcome123', 'changeme123', 'letmein123', 'football12', 'baseball12', 'sunshine12',
  'princess12', 'dragon1234', 'monkey1234', 'superman12', 'shadow1234', 'master1234', 'zhang123456', 'wang123456', 'li123456789',
  'aaaaaaaaaa', 'aaaaaa1111', 'aa11223344', 'qq123456789', 'qq1234567890', 'league pulse', 'leaguepulse', 'league-pulse',
  'gongqingtuan', 'tuanwei123456', 'tuanzhibu123',
]);
