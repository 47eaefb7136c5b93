/**
 * Name pools for the synthetic demo district. Given and family names are drawn independently, so
 * every student and staff member is an invented combination; the pools mix the cultures of a
 * diverse urban district so lists, searches and sorting look realistic in demos.
 */

export const FEMININE_GIVEN_NAMES = [
  'Aaliyah', 'Abigail', 'Adriana', 'Aisha', 'Alejandra', 'Alina', 'Amani', 'Amara', 'Ana', 'Anaya',
  'Ariana', 'Aurora', 'Beatriz', 'Bianca', 'Brianna', 'Camila', 'Carmen', 'Chloe', 'Daniela', 'Destiny',
  'Diana', 'Elena', 'Emily', 'Esperanza', 'Fatima', 'Gabriela', 'Genesis', 'Hana', 'Imani', 'Isabella',
  'Jasmine', 'Jayleen', 'Kamila', 'Keisha', 'Kiara', 'Layla', 'Leah', 'Liliana', 'Lucia', 'Luz',
  'Madison', 'Maria', 'Mariana', 'Maya', 'Mei', 'Mia', 'Milagros', 'Nadia', 'Naomi', 'Nayeli',
  'Nia', 'Nicole', 'Nyla', 'Olivia', 'Paola', 'Priya', 'Rosa', 'Sakura', 'Samira', 'Sarah',
  'Sofia', 'Stephanie', 'Tatiana', 'Valentina', 'Valeria', 'Vanessa', 'Wanda', 'Xiomara', 'Yamilet', 'Yaritza',
  'Zainab', 'Zaria', 'Zoe', 'Ximena', 'Ifeoma', 'Linh', 'Amira', 'Kalani',
];

export const MASCULINE_GIVEN_NAMES = [
  'Aaron', 'Abdul', 'Adrian', 'Ahmed', 'Alejandro', 'Andre', 'Angel', 'Anthony', 'Bilal', 'Brandon',
  'Carlos', 'Cristian', 'Damian', 'Daniel', 'Darius', 'David', 'Diego', 'Dominic', 'Eduardo', 'Elijah',
  'Emmanuel', 'Enrique', 'Ethan', 'Gabriel', 'Hector', 'Hiroshi', 'Ibrahim', 'Isaiah', 'Ivan', 'Jamal',
  'Javier', 'Jayden', 'Jeremiah', 'Jesus', 'Jonathan', 'Jose', 'Joshua', 'Juan', 'Julian', 'Kareem',
  'Kenji', 'Kevin', 'Khalil', 'Kwame', 'Liam', 'Luis', 'Malik', 'Marcus', 'Mateo', 'Miguel',
  'Minh', 'Mohamed', 'Nathaniel', 'Nico', 'Noah', 'Omar', 'Oscar', 'Pablo', 'Rafael', 'Rashad',
  'Ricardo', 'Samuel', 'Santiago', 'Sebastian', 'Tariq', 'Terrence', 'Tomas', 'Tyrone', 'Victor', 'Wei',
  'Xavier', 'Yusuf', 'Zion', 'Arjun', 'Chidi', 'Dmitri', 'Emeka', 'Felipe',
];

/** Used for any gender, and the only pool for students whose gender is nonbinary or not reported. */
export const NEUTRAL_GIVEN_NAMES = [
  'Alex', 'Ari', 'Avery', 'Cameron', 'Casey', 'Dakota', 'Eden', 'Emerson', 'Finley', 'Harper',
  'Jordan', 'Jules', 'Kai', 'Logan', 'Morgan', 'Noor', 'Quinn', 'Reese', 'Riley', 'River',
  'Rowan', 'Sage', 'Skyler', 'Taylor', 'Yael',
];

export const FAMILY_NAMES = [
  'Abreu', 'Acevedo', 'Adeyemi', 'Agosto', 'Alicea', 'Almonte', 'Alvarado', 'Amoah', 'Andrade', 'Aponte',
  'Arroyo', 'Asante', 'Ayala', 'Baez', 'Banks', 'Barreto', 'Batista', 'Begic', 'Beltran', 'Benitez',
  'Bennett', 'Bermudez', 'Blackwood', 'Bonilla', 'Bui', 'Burgos', 'Caban', 'Calderon', 'Camacho', 'Campbell',
  'Cardona', 'Carrasquillo', 'Castillo', 'Castro', 'Chen', 'Colon', 'Cordero', 'Cotto', 'Cruz', 'DaSilva',
  'Delgado', 'Diallo', 'Diaz', 'Dominguez', 'Dubois', 'Ellis', 'Encarnacion', 'Escobar', 'Espinal', 'Estrada',
  'Feliciano', 'Figueroa', 'Flores', 'Fontanez', 'Forbes', 'Gaston', 'Gomez', 'Gonzalez', 'Graham', 'Greene',
  'Guzman', 'Haddad', 'Hamid', 'Hernandez', 'Hoang', 'Hosseini', 'Ibanez', 'Irizarry', 'Jaramillo', 'Jimenez',
  'Joseph', 'Kamara', 'Kaur', 'Khan', 'Kowalski', 'Lebron', 'Lugo', 'Maldonado', 'Marrero', 'Martinez',
  'Matos', 'McFarlane', 'Medina', 'Mejia', 'Melendez', 'Mensah', 'Mercado', 'Miranda', 'Molina', 'Montanez',
  'Morales', 'Morris', 'Muniz', 'Negron', 'Nguyen', 'Nieves', 'Novak', 'Nunez', 'Ocasio', 'Okonkwo',
  'Oliveira', 'Olmeda', 'Ortiz', 'Osei', 'Pagan', 'Patel', 'Pena', 'Perez', 'Pham', 'Pierre',
  'Quinones', 'Ramirez', 'Ramos', 'Reyes', 'Richards', 'Rios', 'Rivera', 'Robles', 'Rodriguez', 'Rosado',
  'Rosario', 'Ruiz', 'Saint-Louis', 'Salazar', 'Sanchez', 'Santana', 'Santiago', 'Serrano', 'Shah', 'Silva',
  'Simmons', 'Sinclair', 'Soto', 'Suarez', 'Tavarez', 'Thompson', 'Torres', 'Tran', 'Traore', 'Valentin',
  'Vargas', 'Vazquez', 'Vega', 'Velez', 'Ventura', 'Villanueva', 'Walcott', 'Wisniewski', 'Yang', 'Yusuf',
  'Zamora', 'Zayas', 'Zielinski', 'Abdi', 'Brathwaite', 'Charles', 'Desir', 'Fofana', 'Hylton', 'Iqbal',
  'Jean-Baptiste', 'Lam', 'Mahmoud', 'Ofori', 'Petrovic', "O'Connell", 'Rossi', 'Sepulveda', 'Tejada', 'Webley',
];

/** First words of school names: trees, places and invented founders. */
export const SCHOOL_NAME_STEMS = [
  'Alder', 'Ashcombe', 'Bellweather', 'Birchwood', 'Brookside', 'Carrow', 'Cedar Hill', 'Clearwater', 'Copperfield',
  'Dunmore', 'Eastbrook', 'Elmgrove', 'Fairhaven', 'Fernwood', 'Foxmeadow', 'Glenhaven', 'Greystone', 'Harborview',
  'Hawthorne Park', 'Hazelmere', 'Hillcrest', 'Ironbridge', 'Juniper', 'Kestrel', 'Lantern Hill', 'Larkspur',
  'Linden', 'Maplewood', 'Marlowe', 'Meadowbrook', 'Millbrook', 'Northgate', 'Oakridge', 'Orchard Street',
  'Pennywhistle', 'Pinecrest', 'Quarry Road', 'Ravenbrook', 'Redfern', 'Riverside', 'Rosewater', 'Saltmarsh',
  'Silverbirch', 'Southwick', 'Stonebridge', 'Sycamore', 'Thornbury', 'Tidewater', 'Union Square', 'Valleyview',
  'Westbrook', 'Willowmere', 'Windmill', 'Wrenfield', 'Yarrow', 'Amberley', 'Bramblewood', 'Coldspring',
];

/** Name suffixes per school level (as stored in the school_level enum). */
export const SCHOOL_NAME_SUFFIXES: Record<'ELEMENTARY' | 'MIDDLE' | 'K8' | 'HIGH' | 'OTHER', readonly string[]> = {
  ELEMENTARY: ['Elementary School', 'Elementary School', 'Primary Academy'],
  K8: ['Academy', 'Community School', 'K-8 School', 'Elementary-Middle School'],
  MIDDLE: ['Middle School', 'Middle School', 'Middle Academy'],
  HIGH: ['High School', 'High School', 'Magnet High School'],
  OTHER: ['Early College Academy', 'Upper School', 'Career Academy'],
};
