/**
 * The most frequent given names of Germany and Turkey that the faker locales lack (their lists
 * favour recent baby names), so older callers are covered too.
 */
export const COMMON_GIVEN_NAMES: readonly string[] = `
Jürgen Juergen Anneliese Hannelore Gisela Ingrid Ursula Helga Renate Brigitte Gertrud Waltraud
Karl-Heinz Hans-Jürgen Manfred Horst Rainer Gerhard Klaus Dieter Uwe Heinz Günter Günther Siegfried
Ayşe Fatma Emine Hatice Zeynep Elif Meryem Şerife Zehra Hülya Mehmet Mustafa Ahmet Ali Hüseyin
Hasan İbrahim Ismail İsmail Osman Yusuf Murat Ömer Ramazan Halil Süleyman Abdullah Mahmut Recep
`
  .trim()
  .split(/\s+/);

/**
 * Common Arabic given and family names in Latin script, with the spellings seen on German and
 * English documents. Hand-written: the npm name data sets (faker's ar locale) hold Arabic script
 * only. Used by scripts/generate-name-gazetteer.ts.
 */
export const ARABIC_GIVEN_NAMES: readonly string[] = `
Abdallah Abdel Abdelaziz Abdulaziz Abdul Abdullah Abdulrahman Abdelrahman Adel Adnan Ahmad Ahmed
Aisha Aischa Aya Ayman Bashar Bilal Dalia Dina Fadi Farah Farid Faris Fatima Fatma Fatemeh Ghada
Hadi Hala Hamza Hana Hani Hasan Hassan Hiba Hussein Husain Ibrahim Imad Iman Issa Jamal Jamila
Karim Kareem Khaled Khalid Khalil Lama Layla Leila Leyla Lina Loubna Mahmoud Mahmud Majid Malak
Mariam Maryam Marwa Mazen Mohamed Mohammad Mohammed Muhammad Mohamad Mona Mustafa Mostafa Nabil
Nadia Nadja Nasser Nour Nur Omar Omer Osama Qasim Rami Rana Rania Rasha Reem Rim Saeed Said Salim
Salma Samer Sami Samir Sara Sarah Sawsan Tarek Tariq Walid Yara Yasmin Yasmina Yousef Youssef Yusuf
Zaid Zainab Zeinab Ziad
`
  .trim()
  .split(/\s+/);

export const ARABIC_FAMILY_NAMES: readonly string[] = `
Abbas Abdallah Abdelkader Abou Abu Ahmad Ali Amin Ashour Atallah Awad Aziz Bakr Barakat Darwish
Farouk Farouq Habib Haddad Hamdan Hamdi Hassan Hussein Ibrahim Ismail Issa Jaber Jabbour Jaafar
Kassem Khalil Khoury Mahmoud Mansour Masri Mohammed Mousa Moussa Mustafa Nasser Nassar Omar
Othman Qasim Rahman Rashid Saad Saleh Salem Sayed Shaheen Shahin Suleiman Sulaiman Tahan Yassin
Youssef Zaher Zidan Zoabi
`
  .trim()
  .split(/\s+/);
