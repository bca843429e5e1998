// Azure Communication Services for SMS and email: an Email Communication Service with an Azure-managed domain
// (DoNotReply@<id>.azurecomm.net, no DNS to verify), linked to the Communication Services resource. The app sends as its
// managed identity (Communication and Email Service Owner), so no access key is stored anywhere. The SMS number is
// bought separately (phone numbers are not ARM resources) and given to the template as smsFrom.

@description('Name of the Communication Services resource.')
param name string

@description('Name of the Email Communication Service.')
param emailServiceName string

@description('Where ACS keeps its data at rest (e.g. United States, Europe, Asia Pacific).')
param dataLocation string

@description('Tags for the resources.')
param tags object

@description('Principal id of the app identity.')
param appPrincipalId string

var communicationAndEmailServiceOwner = '09976791-48a7-449e-bb21-39d1a415f350'

resource emailService 'Microsoft.Communication/emailServices@2023-04-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

resource managedDomain 'Microsoft.Communication/emailServices/domains@2023-04-01' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource communication 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: name
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: [
      managedDomain.id
    ]
  }
}

resource sender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(communication.id, appPrincipalId, communicationAndEmailServiceOwner)
  scope: communication
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', communicationAndEmailServiceOwner)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = communication.name
output hostName string = communication.properties.hostName
output mailFromSenderDomain string = managedDomain.properties.mailFromSenderDomain
